/**
 * Generates a province's dossiers in PostgreSQL, through the project's own tables:
 *   tsx bench/scale/generate.ts --dossiers 200000 --communes 51 --database motcua_scale_big
 * (`--database` is created afresh on the server of BENCH_SCALE_URL or TEST_DATABASE_URL; only names
 * starting `motcua_scale` are dropped first). Open dossiers (10%) are clones of template dossiers the
 * real application received and drove (`templates.ts`, `clone.ts`), engine state included; finished
 * ones are written in SQL (`closed.ts`).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import { migrateAll } from '../../api/db/migrate-all.ts';
import { seedDemo } from '../../api/demo/seed.ts';
import { formatDossierCode, vietnamDate, DEFAULT_DOSSIER_CODE_FORMAT } from '../../api/domain/dossier/index.ts';
import { appendRows, capture, cloneRows, officerMap, writeRows, CLONE_KEY_BASE, KEYS_PER_CLONE, TEMPLATE_KEY_BASE, type Captured, type Table } from './clone.ts';
import { applicantName, writeClosed } from './closed.ts';
import { BENCH_PASSWORD, commune, createProvince } from './province.ts';
import { settleReminders, settleVerdicts } from './settle.ts';
import { makeTemplates } from './templates.ts';

export interface GenerateOptions {
  databaseUrl: string;
  dossiers: number;
  communes: number;
  /** Share of open dossiers (default 0.1). */
  openShare?: number;
  /** "Now" of the dataset (default: the current time). */
  now?: Date;
  log?: (line: string) => void;
}

export interface GenerateResult {
  dossiers: number;
  open: number;
  templates: number;
  seconds: number;
}

const WEEK = 7 * 86_400_000;
const HOUR = 3_600_000;
/**
 * How long ago the open dossiers were received, in whole weeks before the templates (index 0: with them):
 * most are recent, as in a commune that decides most dossiers within their few working days. Whole weeks
 * keep each deadline's working-time shape (the templates' times moved by 7 days).
 */
const OPEN_AGE_WEIGHTS = [0.7, 0.15, 0.07, 0.04, 0.02, 0.02];
/** The templates' work (27 receptions a minute apart, then two rounds of steps an hour apart) is over within this. */
const TEMPLATE_HOURS = 3;
/** The clones' receipts spread over this many minutes before the templates' (`spreadMinutes`). */
const SPREAD_MINUTES = 180;

/** Creates (or re-creates) a `motcua_scale…` database on the server of `serverUrl`; returns its URL. */
export async function freshScaleDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^motcua_scale[a-z0-9_]*$/.test(name)) throw new Error(`refusing to recreate ${name}: only motcua_scale… databases`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // `with (force)` fails while an autovacuum worker (no role) is in the database; a plain drop cancels it.
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => admin.query(`drop database if exists ${name}`));
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * When the templates are received: the latest moment of a weekday's office hours (08:30–16:30, Vietnam)
 * at least `TEMPLATE_HOURS` before `now`, so their work is over by `now` and the clones of that day are
 * the open dossiers received most recently: their steps (a few working hours each) within their
 * deadlines or near them. (The templates once sat on a Monday six weeks back: every open step was overdue.)
 */
export function templateStart(now: Date): Date {
  const VN = 7 * HOUR;
  const latest = Math.floor((now.getTime() - TEMPLATE_HOURS * HOUR) / 60_000) * 60_000;
  for (let back = 0; ; back++) {
    const vn = new Date(latest + VN - back * 86_400_000); // Vietnam's wall clock, read through UTC getters
    const weekday = vn.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const opens = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 8, 30) - VN;
    const closes = opens + 8 * HOUR; // 16:30
    const at = Math.min(back === 0 ? latest : closes, closes);
    if (at >= opens) return new Date(at);
  }
}

/** Whole weeks before the templates that the `i`th open dossier was received (spread by `OPEN_AGE_WEIGHTS`). */
export function openAgeWeeks(i: number): number {
  const u = (i * 0.618_033_988_749_895) % 1; // evenly spread, the same for every run
  let sum = 0;
  for (let w = 0; w < OPEN_AGE_WEIGHTS.length; w++) {
    sum += OPEN_AGE_WEIGHTS[w]!;
    if (u < sum) return w;
  }
  return OPEN_AGE_WEIGHTS.length - 1;
}

/**
 * Minutes before the templates that the `i`th open dossier was received, in quarter hours up to
 * `SPREAD_MINUTES` and never before 08:30 of the templates' day: the clones of a week fall due over a
 * working morning or afternoon, not at the templates' few instants (with every clone at them, 32,845 of
 * 108,231 open steps fell due within one hour, and the supervisor's summary read them all whenever that
 * hour held `now`).
 */
export function spreadMinutes(i: number, start: Date): number {
  const vn = new Date(start.getTime() + 7 * HOUR);
  const sinceOpening = (vn.getUTCHours() * 60 + vn.getUTCMinutes()) - (8 * 60 + 30);
  const steps = Math.max(1, Math.floor(Math.min(SPREAD_MINUTES, sinceOpening) / 15) + 1);
  const u = (i * 0.754_877_666_246_693) % 1; // another evenly spread sequence than the weeks'
  return -15 * Math.floor(u * steps);
}

/** Fills an empty database with a province of `dossiers` dossiers over two years. */
export async function generateProvince(opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  const handle = await connectDatabase({ databaseUrl: opts.databaseUrl, dataDir: 'memory://', poolSize: 4 });
  try {
    const db = handle.db;
    await migrateAll(db);
    await seedDemo(db, BENCH_PASSWORD);
    await createProvince(db, opts.communes);
    await sql`select setval('engine_key_seq', ${TEMPLATE_KEY_BASE})`.execute(db);
    const start = templateStart(now);
    const templates = await makeTemplates(handle, start, 2);
    const captured: Array<{ t: Captured; depth: number }> = [];
    for (const t of templates) {
      const c = await capture(db, t.dossierId);
      if (c.openTasks > 0) captured.push({ t: c, depth: t.depth });
    }
    log(`templates: ${templates.length} dossiers made by the application, ${captured.length} waiting at a step (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    // Earlier steps are more common among open dossiers: depth 0 weighs 3, depth 1 weighs 2, depth 2 weighs 1.
    const weighted = captured.flatMap((c) => Array<Captured>(3 - Math.min(c.depth, 2)).fill(c.t));
    const open = Math.max(0, Math.round(opts.dossiers * (opts.openShare ?? 0.1)) - templates.length);
    const officers = await officerMap(db, opts.communes);
    const seq = new Map<string, number>();
    let batch = new Map<Table, string[]>();
    let inBatch = 0;
    for (let i = 0; i < open; i++) {
      const template = weighted[i % weighted.length]!;
      const communeNo = 1 + (i % opts.communes);
      const weeks = -openAgeWeeks(Math.floor(i / opts.communes));
      const minutes = spreadMinutes(i, start);
      const received = new Date(template.receivedAt.getTime() + weeks * WEEK + minutes * 60_000);
      const date = vietnamDate(received);
      const day = `${communeNo}/${date.year}-${date.month}-${date.day}`;
      const n = (seq.get(day) ?? 5000) + 1;
      seq.set(day, n);
      const code = formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, { agencyCode: commune(communeNo).code, date, sequence: n });
      const idNumber = `0${String((i * 104_729 + 17) % 100_000_000_000).padStart(11, '0')}`;
      appendRows(batch, cloneRows(template, { index: i, commune: communeNo, code, weeks, minutes, applicantName: applicantName(i * 7 + 3), applicantIdNumber: idNumber }, officers[communeNo]!));
      if (++inBatch === 500 || i === open - 1) {
        await writeRows(db, batch);
        batch = new Map();
        inBatch = 0;
        if ((i + 1) % 10_000 === 0 || i === open - 1) log(`open: ${(i + 1).toLocaleString('en')} of ${open.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }
    await sql`select setval('engine_key_seq', ${CLONE_KEY_BASE + (open + 1) * KEYS_PER_CLONE})`.execute(db);
    // Two in three open specialist steps claimed by one of the unit's specialists, in the engine and the task list alike.
    await sql`update tasks t set assignee_id = u.id from users u
      where t.state = 'CREATED' and t.kind = 'user_task' and t.assignee_id is null and 'specialist' = any(t.candidate_groups) and abs(hashtext(t.key)) % 3 <> 0
        and u.username = replace(replace(t.agency_id, '-ubnd', ''), 'xa-', 'xa') || '-specialist' || (1 + abs(hashtext(t.key || 'u')) % 3)`.execute(db);
    await sql`update engine_user_task e set assignee = t.assignee_id::text from tasks t
      where t.state = 'CREATED' and t.assignee_id is not null and t.kind = 'user_task' and e.key::text = t.key and e.assignee is null`.execute(db);
    const closed = Math.max(0, opts.dossiers - open - templates.length);
    // Finished dossiers: the two years before the oldest open ones.
    const oldest = start.getTime() - (OPEN_AGE_WEIGHTS.length - 1) * WEEK;
    await writeClosed(db, { count: closed, communes: opts.communes, from: new Date(oldest - 104 * WEEK), to: new Date(oldest - 3 * 86_400_000) });
    log(`finished: ${closed.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    // Reception continues each agency's daily sequence after the generated codes.
    await sql`insert into dossier_code_counters (agency_id, day, last)
      select receiving_agency_id, to_char(received_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'), max(split_part(code, '-', 3)::int)
      from dossiers where received_at is not null and code ~ '^[A-Z0-9._]+-[0-9]{6}-[0-9]+$' group by 1, 2
      on conflict (agency_id, day) do update set last = greatest(dossier_code_counters.last, excluded.last)`.execute(db);
    // The province has been running: the reminders of what is already overdue were sent (settle.ts).
    await settleReminders(opts.databaseUrl, now);
    const verdicts = await settleVerdicts(opts.databaseUrl);
    log(`verdicts: ${verdicts.toLocaleString('en')} stored (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const mix = await sql<{ overdue: string; day: string; later: string }>`select count(*) filter (where due_at <= ${now}) as overdue,
      count(*) filter (where due_at > ${now} and due_at <= ${new Date(now.getTime() + 24 * HOUR)}) as day, count(*) filter (where due_at > ${new Date(now.getTime() + 24 * HOUR)}) as later
      from tasks where state = 'CREATED' and due_at is not null`.execute(db);
    const m = mix.rows[0]!;
    log(`open steps: ${m.overdue} overdue, ${m.day} due within a day, ${m.later} later`);
    // A province's database that has been running has been vacuumed: each table's visibility map set (index-only
    // scans without heap fetches) and its rows' hint bits written. Without it the first runs on a fresh dataset
    // measured autovacuum of the 2M rows of `tasks` and of `outbox` in the middle of the 1M lists (bench/README.md,
    // "the rate one machine holds").
    // Its counters' deltas have been folded in (the SLA sweep each minute): the tables of deltas are queues, empty
    // most of the time; vacuumed after the fold, their files are empty too (1.3 GB of dead rows otherwise at 1M).
    // (`index_cleanup on`: with few dead index entries left a vacuum skips the index and so cannot truncate the file.)
    await sql`select report_counters_rollup(), open_step_counts_rollup()`.execute(db);
    await sql`vacuum (analyze, index_cleanup on) report_counter_deltas, open_step_deltas`.execute(db);
    await sql`reindex table report_counter_deltas`.execute(db);
    await sql`vacuum (analyze)`.execute(db);
    const seconds = (performance.now() - t0) / 1000;
    log(`generated ${opts.dossiers.toLocaleString('en')} dossiers (${(open + captured.length).toLocaleString('en')} open) in ${seconds.toFixed(1)} s`);
    return { dossiers: open + closed + templates.length, open: open + captured.length, templates: templates.length, seconds };
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { dossiers: { type: 'string', default: '10000' }, communes: { type: 'string', default: '51' }, database: { type: 'string', default: 'motcua_scale_small' }, 'database-url': { type: 'string' } } });
  const server = process.env.BENCH_SCALE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://motcua:motcua@127.0.0.1:5432/motcua';
  const databaseUrl = values['database-url'] ?? (await freshScaleDatabase(server, values.database!));
  await generateProvince({ databaseUrl, dossiers: Number(values.dossiers), communes: Number(values.communes) });
}
