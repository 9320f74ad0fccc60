/**
 * Benchmark of the web UI (`npm run bench:ui`):
 * 1. Bundle sizes: builds the UI and prints, for each area, the gzip size of what its first page
 *    loads (the app shell, the area's chunk and every chunk they import statically, CSS apart),
 *    against a baseline built in the same run: a bare Preact page (the floor any Preact app pays).
 * 2. Time to the task list's first rows with 10,000 open tasks in one agency (PGlite, as a commune
 *    runs it; PostgreSQL when BENCH_DATABASE_URL is set), in headless Chromium, median of runs,
 *    against the API's own answer time for the same page measured in the same run.
 * Targets on the project's 2-core machine: first rows < 1 s; task-list entry < 150 KB gzip.
 * The last line is one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { sql } from 'kysely';
import { buildApp } from '../api/app.ts';
import { loadConfig } from '../api/config.ts';
import { seedDemo } from '../api/demo/seed.ts';
import { connectDatabase, type DatabaseHandle } from '../api/db/connect.ts';
import { migrateAll } from '../api/db/migrate-all.ts';
import { syncCatalogue } from '../api/services/catalogue.ts';
import { DIST, ensureUiBuilt } from '../ui/build.ts';
import { launchBrowser } from '../test/e2e/browser.ts';
import { freshPostgres } from '../test/helpers/databases.ts';
import { TOTAL_CAP } from '../api/services/task-list.ts';

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PASSWORD = 'motcua-bench';
/** What the task list draws for each task row. */
const ROW = '[role="row"][data-key]';
const kb = (n: number) => Math.round(n / 102.4) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** gzip bytes of an entry's first load: itself and its static imports, transitively. */
function firstLoad(meta: esbuild.Metafile, entry: string): { js: number; files: string[] } {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entry);
  let js = 0;
  for (const f of seen) js += gzipSync(readFileSync(f)).length;
  return { js, files: [...seen] };
}

async function bundleSizes() {
  const built = await ensureUiBuilt({ force: true });
  const meta = JSON.parse(readFileSync(join(DIST, 'meta.json'), 'utf8')) as esbuild.Metafile;
  // esbuild's metafile paths are relative to the working directory and name the directory it built in
  // (ui/dist is swapped in after): read each file under ui/dist.
  const out = Object.entries(meta.outputs).filter(([, o]) => o.entryPoint);
  const app = out.find(([, o]) => o.entryPoint!.endsWith('ui/app.tsx'))!;
  const abs = (p: string) => join(DIST, p.slice(p.indexOf('assets/')));
  const absMeta: esbuild.Metafile = { inputs: meta.inputs, outputs: Object.fromEntries(Object.entries(meta.outputs).map(([k, v]) => [abs(k), { ...v, imports: v.imports.map((i) => ({ ...i, path: abs(i.path) })) }])) };
  const shell = firstLoad(absMeta, abs(app[0]));
  const css = app[1].cssBundle ? gzipSync(readFileSync(abs(app[1].cssBundle))).length : 0;
  // Baseline: a bare Preact page built the same way in the same run.
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-ui-'));
  writeFileSync(join(dir, 'bare.tsx'), "import { render } from 'preact';\nrender(<p>Một cửa</p>, document.body);\n");
  const bare = await esbuild.build({ entryPoints: [join(dir, 'bare.tsx')], bundle: true, minify: true, format: 'esm', write: false, jsx: 'automatic', jsxImportSource: 'preact', nodePaths: [join(process.cwd(), 'node_modules')] });
  const bareGz = gzipSync(bare.outputFiles[0]!.contents).length;
  rmSync(dir, { recursive: true, force: true });
  console.log(`UI build: ${Math.round(built.ms)} ms. Baseline, a bare Preact page: ${kb(bareGz)} KB gzip. App shell: ${kb(shell.js)} KB JS + ${kb(css)} KB CSS gzip.`);
  const areas: Record<string, number> = {};
  for (const [file, o] of out) {
    if (o.entryPoint!.endsWith('ui/app.tsx')) continue;
    // An area's page, or a module an area imports on demand (bpmn-js, form-js): counted with the shell.
    const page = o.entryPoint!.endsWith('/page.tsx');
    const name = page ? o.entryPoint!.split('/').slice(-2, -1)[0]! : o.entryPoint!.replace(/^.*?ui\//, '');
    const area = firstLoad(absMeta, abs(file));
    const total = new Set([...shell.files, ...area.files]);
    let js = 0;
    for (const f of total) js += gzipSync(readFileSync(f)).length;
    areas[name] = js + css;
    console.log(`  ${(page ? name : `${name} (on demand)`).padEnd(30)} ${kb(js + css).toFixed(1).padStart(6)} KB gzip (JS ${kb(js)} + CSS ${kb(css)}) = ${((js + css) / bareGz).toFixed(1)} × baseline`);
  }
  return { baselineGzip: bareGz, shellGzip: shell.js + css, areas };
}

async function openDatabase(): Promise<DatabaseHandle & { label: string }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return { ...(await freshPostgres(url)), label: 'PostgreSQL' };
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-ui-db-'));
  const handle = await connectDatabase({ databaseUrl: null, dataDir: dir });
  return { ...handle, label: 'PGlite', close: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** 10,000 received dossiers, each with an open appraisal task for the specialists of the People's Committee unit. */
async function seedTasks(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  await sql`
    insert into dossiers (code, procedure_id, receiving_agency_id, handling_agency_id, status, channel, applicant, applicant_name, form_data, state, submitted_at, received_at, due_at)
    select 'XADEMO-BENCH-' || lpad(i::text, 6, '0'), 'birth-registration', 'xa-demo', 'xa-demo-ubnd', 'processing', 'in_person',
      jsonb_build_object('fullName', 'Nguyễn Văn ' || i), 'Nguyễn Văn ' || i, '{}'::jsonb, '{"status":"processing","pauses":[],"supplementRequests":0,"extensions":0}'::jsonb,
      now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval, now() + ((i % 500) - 100 || ' hours')::interval
    from generate_series(1, ${TASKS}) as i`.execute(db);
  await sql`
    insert into tasks (key, kind, process_instance_key, bpmn_process_id, element_id, name, step, dossier_id, dossier_code, agency_id, candidate_groups, state, due_at, created_at)
    select 'bench-' || d.code, 'user_task', 'bench-' || d.code, 'motcua-birth-registration', 'Task_appraisal', 'Thẩm định', 'appraisal', d.id, d.code, 'xa-demo-ubnd', '{specialist}', 'CREATED', d.due_at, d.received_at
    from dossiers d where d.code like 'XADEMO-BENCH-%'`.execute(db);
  await sql`analyze`.execute(db);
}

async function firstRows() {
  const handle = await openDatabase();
  await migrateAll(handle.db);
  await seedDemo(handle.db, PASSWORD);
  await syncCatalogue(handle.db);
  await seedTasks(handle);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_PASSWORD: PASSWORD, RATE_LIMIT_PUBLIC_PER_MINUTE: '100000' });
  // The engine and workers stay idle: the benchmark reads the task list, nothing runs the seeded tasks.
  const app = await buildApp({ config, database: handle, engineAutoStart: false, bootstrap: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const { browser, close } = await launchBrowser();
  try {
    const login = async () => {
      const tokens = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'specialist', password: PASSWORD }) })).json()) as { accessToken: string; refreshToken: string; expiresIn: number };
      const me = await (await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } })).json();
      return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000, user: me };
    };
    const apiMs: number[] = [];
    const pageMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const session = await login();
      const t0 = performance.now();
      const res = await fetch(`${base}/api/tasks?view=groups&pageSize=25`, { headers: { authorization: `Bearer ${session.accessToken}` } });
      const body = (await res.json()) as { total: number };
      apiMs.push(performance.now() - t0);
      // The API counts up to TOTAL_CAP (then says `totalExact: false`).
      if (body.total < Math.min(TASKS, TOTAL_CAP)) throw new Error(`expected ${TASKS} open tasks, the API sees ${body.total}`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await context.addInitScript((s) => localStorage.setItem('motcua.session', s), JSON.stringify(session));
      const page = await context.newPage();
      await page.goto(`${base}/cong-viec?view=groups`);
      await page.waitForSelector(ROW);
      pageMs.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    // The first run warms the server's and the browser's caches: report the median of the rest.
    const api = median(apiMs.slice(1));
    const ui = median(pageMs.slice(1));
    console.log(`Task list, ${TASKS.toLocaleString('en')} open tasks on ${handle.label}: first rows ${Math.round(ui)} ms after navigation start (median of ${RUNS - 1}); ` +
      `the API's answer alone ${Math.round(api)} ms; page ÷ API = ${(ui / api).toFixed(1)}. Runs (ms): ${pageMs.map(Math.round).join(', ')}`);
    return { tasks: TASKS, database: handle.label, firstRowsMs: Math.round(ui), apiMs: Math.round(api), ratio: ui / api };
  } finally {
    await close();
    await app.close();
    await handle.close();
  }
}

const sizes = await bundleSizes();
const rows = await firstRows();
console.log(JSON.stringify({ sizes, rows }));
