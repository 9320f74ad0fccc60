/**
 * `npm run bench:scale`: a small and a large generated province in the same run (BENCH_SCALE_SMALL,
 * default 10,000 dossiers; BENCH_SCALE_BIG, default 200,000; BENCH_SCALE_BIG=1000000 for issue 18's
 * size), 51 communes (BENCH_SCALE_COMMUNES; BENCH_SCALE_SMALL_COMMUNES for the small one alone: 1 with
 * BENCH_SCALE_SMALL=20000 is one commune's two years, so each officer's lists are as long as at the big
 * size and the ratio compares like answers — see bench/README.md "Like answers"; BENCH_SCALE_MID adds a
 * third size, e.g. 10,000 dossiers of the big size's communes: the issue's own comparison for the province-wide
 * views, its ratios printed beside), on the PostgreSQL server of BENCH_SCALE_URL (or
 * TEST_DATABASE_URL). For each size: generate (`generate.ts`; BENCH_SCALE_REUSE=1 keeps a database
 * already generated at that size), start the real server (`api/server.ts`) as a child process, measure
 * its ready time and RSS (/proc/<pid>/status), run every scenario one request at a time (three windows of
 * BENCH_SCALE_SERIAL requests, default 100: the cost of a request, with its CPU, from the median window), open loop (its fixed rate) and closed
 * loop (BENCH_SCALE_CONCURRENCY in flight, default 16), BENCH_SCALE_SECONDS each (default 8). Prints a
 * line per scenario and, last, one JSON object: figures per size and scenario, the big/small ratios
 * (one at a time: median and CPU per request; open loop: p95), ready time, peak RSS and the machine's load.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { settleOpenDays, settleReminders, settleVerdicts } from './settle.ts';
import { previousPeriod } from '../../api/domain/sla/decision766-index.ts';
import { freshScaleDatabase, generateProvince } from './generate.ts';
import { drained, receptionToFirstTask, type FirstTaskFigures } from './first-task.ts';
import { Client, closedLoop, openLoop, serialLoop, type Figures } from './load.ts';
import { scenarios } from './scenarios.ts';
import { cpuMs, procStatus, startServer, stopServer } from './server.ts';

const SERVER = process.env.BENCH_SCALE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://motcua:motcua@127.0.0.1:5432/motcua';
/** `mid` (BENCH_SCALE_MID, none by default): a third size, e.g. 10,000 dossiers of the big one's communes beside a one-commune small. */
const SIZES = { small: Number(process.env.BENCH_SCALE_SMALL ?? 10_000), mid: Number(process.env.BENCH_SCALE_MID ?? 0), big: Number(process.env.BENCH_SCALE_BIG ?? 200_000) };
const COMMUNES = Number(process.env.BENCH_SCALE_COMMUNES ?? 51);
/** Communes per size: the small province may be one commune (BENCH_SCALE_SMALL_COMMUNES), the others keep BENCH_SCALE_COMMUNES (BENCH_SCALE_MID_COMMUNES for the mid one). */
const COMMUNES_OF = { small: Number(process.env.BENCH_SCALE_SMALL_COMMUNES ?? COMMUNES), mid: Number(process.env.BENCH_SCALE_MID_COMMUNES ?? COMMUNES), big: COMMUNES };
type Size = keyof typeof SIZES;
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 16);
/** Requests sent one at a time per scenario (after ten not counted), for the cost of one request. */
const SERIAL = Number(process.env.BENCH_SCALE_SERIAL ?? 100);
/** Reception → first task (`first-task.ts`): dossiers a second. */
const FIRST_TASK_RATE = Number(process.env.BENCH_SCALE_FIRST_TASK_RATE ?? 50);

interface SizeResult {
  dossiers: number;
  communes: number;
  generateSeconds: number | null;
  readyMs: number;
  rssIdleMb: number;
  rssPeakMb: number;
  /** serial: one request at a time, with the CPU per request (ms) of the server and of the whole machine (the median of three windows, each window's machine CPU beside). */
  scenarios: Record<string, { serial: Figures & { answerKb: number; serverCpuMs: number; machineCpuMs: number; machineCpuMsWindows: number[] }; open: Figures; closed: Figures }>;
  /** Right after the start (the server's code and caches cold). */
  firstTask: FirstTaskFigures;
  /** Again after every other scenario: a server that has been serving (what "sustained" means). */
  firstTaskWarm: FirstTaskFigures;
}

const mb = (kb: number) => Math.round(kb / 1024);

/** The dossiers and communes (`xa-NN`) of a generated database; null when there is none. */
async function existingCount(url: string): Promise<{ dossiers: number; communes: number } | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string; c: string }>(`select (select count(*) from dossiers) as n, (select count(*) from agencies where id ~ '^xa-[0-9]+$') as c`);
    return { dossiers: Number(rows[0]!.n), communes: Number(rows[0]!.c) };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function sample(url: string): Promise<{ codes: string[]; last: Date }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const codes = (await client.query<{ code: string }>('select code from dossiers tablesample bernoulli (5) limit 2000')).rows.map((r) => r.code);
    const last = (await client.query<{ at: Date }>('select max(received_at) as at from dossiers')).rows[0]!.at;
    return { codes, last };
  } finally {
    await client.end();
  }
}

/** The calendar quarter before the one of `at`, as local days. */
function previousQuarter(at: Date): { from: string; to: string } {
  const q = Math.floor(at.getUTCMonth() / 3);
  const start = new Date(Date.UTC(at.getUTCFullYear(), 3 * q - 3, 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), 3 * q, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** A serial loop's figures with the CPU it took per request: the server's, and the whole machine's (PostgreSQL's, the client's). */
/**
 * CPU per request of `run`, measured over `windows` runs: the window of median machine CPU is kept (its
 * figures whole). The server's minute passes and PostgreSQL's autovacuum land in one window of 100
 * requests now and then and doubled or tripled its CPU per request (the name search's 2.4 → 8.6 ms at 1M
 * in one run, 2.4–3.3 ms in three windows of 300 requests after); the median window leaves them out.
 */
async function costPerRequest<F extends Figures>(pid: number, run: () => Promise<F>, windows = 3): Promise<F & { serverCpuMs: number; machineCpuMs: number; machineCpuMsWindows: number[] }> {
  const measured: Array<F & { serverCpuMs: number; machineCpuMs: number }> = [];
  for (let w = 0; w < windows; w++) {
    const before = cpuMs(pid);
    const f = await run();
    const after = cpuMs(pid);
    const per = (x: number) => Math.round((x / Math.max(1, f.count + f.errors)) * 10) / 10;
    measured.push({ ...f, serverCpuMs: per(after.process - before.process), machineCpuMs: per(after.machine - before.machine) });
  }
  const median = [...measured].sort((a, b) => a.machineCpuMs - b.machineCpuMs)[Math.floor(windows / 2)]!;
  return { ...median, machineCpuMsWindows: measured.map((m) => m.machineCpuMs) };
}

/** Machine CPU, in ms a second, below which the machine counts as quiet: an idle server and PostgreSQL use about 200. */
const QUIET_MS_PER_S = 350;

/** Waits (at most 20 s) until the machine's CPU over half a second is an idle server's, before a scenario's windows. */
async function quiet(pid: number): Promise<{ ms: number; quiet: boolean }> {
  const t0 = performance.now();
  for (;;) {
    const before = cpuMs(pid).machine;
    await new Promise((r) => setTimeout(r, 500));
    const calm = (cpuMs(pid).machine - before) * 2 < QUIET_MS_PER_S;
    if (calm || performance.now() - t0 > 20_000) return { ms: Math.round(performance.now() - t0), quiet: calm };
  }
}

async function runSize(label: Size, dossiers: number, port: number): Promise<SizeResult> {
  // BENCH_SCALE_SMALL_DB / BENCH_SCALE_BIG_DB: another database name (e.g. a copy of a shared 1M database).
  const name = process.env[`BENCH_SCALE_${label.toUpperCase()}_DB`] ?? `motcua_scale_${label}`;
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  let generateSeconds: number | null = null;
  // A reused database has grown by the dossiers the reception scenario received in earlier runs.
  const existing = process.env.BENCH_SCALE_REUSE === '1' ? await existingCount(url.toString()) : null;
  const communes = COMMUNES_OF[label];
  if (existing !== null && existing.communes === communes && existing.dossiers >= dossiers && existing.dossiers < dossiers * 1.05 + 2000) {
    const settled = await settleReminders(url.toString());
    const verdicts = await settleVerdicts(url.toString());
    console.log(`${label}: reusing ${name} (reminders marked sent for ${settled.steps} steps and ${settled.dossiers} dossiers that fell due since, ${settled.overdue} steps classed overdue; ${verdicts} verdicts stored)`);
  } else {
    console.log(`${label}: generating ${dossiers.toLocaleString('en')} dossiers of ${communes} communes in ${name}`);
    const fresh = await freshScaleDatabase(SERVER, name);
    generateSeconds = Math.round((await generateProvince({ databaseUrl: fresh, dossiers, communes, log: (l) => console.log(`  ${l}`) })).seconds);
  }
  const data = await sample(url.toString());
  const quarter = previousQuarter(data.last);
  const openDays = await settleOpenDays(url.toString(), [quarter.to, previousPeriod(quarter.from, quarter.to).to]);
  console.log(`${label}: open dossiers' figures stored for ${openDays.taken.join(', ') || 'no new day'} in ${openDays.seconds} s`);
  const { child, readyMs, log } = await startServer(url.toString(), port);
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, procStatus(child.pid!).rss); }, 250);
  const client = new Client(`http://127.0.0.1:${port}`);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const rssIdleMb = mb(procStatus(child.pid!).rss);
    console.log(`${label}: ready in ${(readyMs / 1000).toFixed(1)} s, RSS idle ${rssIdleMb} MB (load ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
    const list = await scenarios(client, { communes, codes: data.codes, quarter });
    // First, on the idle server: the reports' requests that time out keep it busy long after (see bench/README.md).
    const reception = list.find((s) => s.name === 'reception')!;
    let sent = 0;
    const firstTaskRun = async (when: string) => {
      const base = sent;
      const f = await receptionToFirstTask(client, url.toString(), (i) => reception.next(base + i), FIRST_TASK_RATE, SECONDS);
      sent += f.received + f.errors;
      console.log(`${label} reception → first task at ${f.rate}/s, ${when}: ${f.received} received; process started p50 ${f.started.p50} p95 ${f.started.p95} max ${f.started.max} ms;` +
        ` first task listed p50 ${f.listed.p50} p95 ${f.listed.p95} max ${f.listed.max} ms, ${(f.listedWithin1s * 100).toFixed(1)}% within 1 s` +
        `${f.listed.missed ? `, ${f.listed.missed} not listed within 30 s` : ''}${f.errors ? `, ${f.errors} errors (${f.firstError})` : ''}` +
        ` (after waiting ${f.backlog.ms} ms for the earlier receptions' processes${f.backlog.left ? `, ${f.backlog.left} still without` : ''})`);
      return f;
    };
    const firstTask = await firstTaskRun('right after the start');
    const results: SizeResult['scenarios'] = {};
    const watch = new pg.Client({ connectionString: url.toString() });
    await watch.connect();
    for (const s of list) {
      // Each scenario measured on its own: the processes of the receptions sent before (the first-task run,
      // reception's closed loop at ~80/s) are started first, not under the next scenario's open loop.
      const backlog = await drained(watch);
      // As many requests for every scenario: a window of ten reports (the cap at ten seconds' worth of its rate, when a
      // report took seconds) lasted a tenth of a second, and the server's idle work weighed on it as much as ten requests.
      // …and on a quiet machine: a window of a hundred lookups lasts a tenth of a second, and the work that follows
      // the earlier scenario (PostgreSQL's writer, the sweeps) weighed on it as much as the lookups themselves.
      const calm = await quiet(child.pid!);
      const serial = await costPerRequest(child.pid!, () => serialLoop(client, s.next, SERIAL, 10));
      const open = await openLoop(client, s.next, s.rate, SECONDS);
      const closed = await closedLoop(client, s.next, CONCURRENCY, SECONDS);
      results[s.name] = { serial, open, closed };
      console.log(`${label} ${s.name.padEnd(20)} one at a time: p50 ${serial.p50} ms, ${serial.answerKb} KB, CPU ${serial.serverCpuMs} ms server, ${serial.machineCpuMs} ms machine (${serial.machineCpuMsWindows.join('/')}) | open ${String(s.rate).padStart(3)}/s: p50 ${open.p50} p95 ${open.p95} p99 ${open.p99} ms, ${open.rps} req/s${open.errors ? `, ${open.errors} errors (${open.firstError})` : ''}` +
        ` | closed ×${CONCURRENCY}: ${closed.rps} req/s, p95 ${closed.p95} ms${closed.errors ? `, ${closed.errors} errors (${closed.firstError})` : ''}` +
        `${backlog.ms > 300 ? ` (after ${backlog.ms} ms for earlier receptions' processes${backlog.left ? `, ${backlog.left} still without` : ''})` : ''}` +
        `${calm.ms > 600 ? ` (after ${calm.ms} ms for the machine to quieten${calm.quiet ? '' : ', not quiet'})` : ''}`);
    }
    await watch.end();
    const firstTaskWarm = await firstTaskRun('after the other scenarios');
    const status = procStatus(child.pid!);
    const rssPeakMb = mb(Math.max(peak, status.hwm));
    console.log(`${label}: peak RSS ${rssPeakMb} MB; server warnings: ${log.filter((l) => !l.startsWith('UI built')).slice(0, 3).join(' / ') || 'none'}`);
    return { dossiers, communes, generateSeconds, readyMs, rssIdleMb, rssPeakMb, scenarios: results, firstTask, firstTaskWarm };
  } finally {
    clearInterval(sampler);
    client.close();
    await stopServer(child);
  }
}

// BENCH_SCALE_ONLY=small|mid|big: one size (no ratio), e.g. to try a scenario.
const only = process.env.BENCH_SCALE_ONLY;
if (only === 'small' || only === 'mid' || only === 'big') {
  const one = await runSize(only, SIZES[only], { small: 3971, mid: 3973, big: 3972 }[only]);
  console.log(JSON.stringify({ bench: 'scale', load: loadavg().map((x) => Math.round(x * 100) / 100), communes: COMMUNES, secondsPerLoop: SECONDS, concurrency: CONCURRENCY, [only]: one }));
  process.exit(0);
}
const small = await runSize('small', SIZES.small, 3971);
const mid = SIZES.mid > 0 ? await runSize('mid', SIZES.mid, 3973) : null;
const big = await runSize('big', SIZES.big, 3972);
/** The big size's figures against a smaller one's: open loop p95, and one request at a time (the issue's measure of cost: median latency; machine CPU per request). */
function ratios(base: SizeResult) {
  const names = Object.keys(base.scenarios);
  const p95 = Object.fromEntries(names.map((name) => [name, Math.round((big.scenarios[name]!.open.p95 / base.scenarios[name]!.open.p95) * 100) / 100]));
  const serial = Object.fromEntries(names.map((name) => {
    const s = base.scenarios[name]!.serial;
    const b = big.scenarios[name]!.serial;
    return [name, { p50: Math.round((b.p50 / s.p50) * 100) / 100, cpu: Math.round((b.machineCpuMs / s.machineCpuMs) * 100) / 100, answerKb: [s.answerKb, b.answerKb] }];
  }));
  return { serial, p95 };
}
const toSmall = ratios(small);
const toMid = mid ? ratios(mid) : null;
console.log(JSON.stringify({
  bench: 'scale', load: loadavg().map((x) => Math.round(x * 100) / 100), communes: COMMUNES, secondsPerLoop: SECONDS, concurrency: CONCURRENCY, small, ...(mid ? { mid } : {}), big,
  serialRatioBigToSmall: toSmall.serial, p95RatioBigToSmall: toSmall.p95, ...(toMid ? { serialRatioBigToMid: toMid.serial, p95RatioBigToMid: toMid.p95 } : {}),
}));
