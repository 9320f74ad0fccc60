/**
 * `npm run bench:reports`: the service-quality reports on a generated dataset (BENCH_DOSSIERS, default
 * 100,000 dossiers over five months, with their receipt history, agencies, a supplement pause on one in
 * ten, payments, return modes and one completed step each), on PGlite (or BENCH_DATABASE_URL). Each
 * report for one month, median of 3 runs after a warm-up, against report II.06a on the same data in the
 * same run (the baseline).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { seedDemo } from '../api/demo/seed.ts';
import { connectDatabase, type DatabaseHandle } from '../api/db/connect.ts';
import { migrateAll } from '../api/db/migrate-all.ts';
import { agencySubtree } from '../api/services/agencies.ts';
import { CalendarService } from '../api/services/calendars.ts';
import { syncCatalogue } from '../api/services/catalogue.ts';
import { decision766Report } from '../api/services/decision766.ts';
import { periodOf, reportIi06a } from '../api/services/report-ii06a.ts';
import { staffStats } from '../api/services/staff-stats.ts';
import { trends } from '../api/services/trends.ts';
import { freshPostgres } from '../test/helpers/databases.ts';

const N = Number(process.env.BENCH_DOSSIERS ?? 100_000);
const FROM = '2026-03-01';
const TO = '2026-03-31';

async function openDatabase(): Promise<DatabaseHandle & { label: string }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return { ...(await freshPostgres(url)), label: 'PostgreSQL' };
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-reports-'));
  const handle = await connectDatabase({ databaseUrl: null, dataDir: dir });
  return { ...handle, label: 'PGlite', close: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function generate(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  const iso = (col: string) => sql.raw(`to_char((${col}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
  await sql`
    insert into dossiers (code, procedure_id, receiving_agency_id, handling_agency_id, status, channel, applicant, applicant_name, form_data, state, submitted_at, received_at, due_at, finished_at)
    select g.code, g.procedure_id, 'xa-demo', 'xa-demo-ubnd', case when g.finished then 'returned' else 'processing' end, g.channel,
      jsonb_build_object('fullName', 'Nguyễn Văn ' || g.i), 'Nguyễn Văn ' || g.i, '{}'::jsonb,
      jsonb_build_object('status', case when g.finished then 'returned' else 'processing' end,
        'supplementRequests', case when g.i % 10 = 0 then 1 else 0 end,
        'pauses', case when g.i % 10 = 0 then jsonb_build_array(jsonb_build_object('kind', 'supplement', 'from', ${iso('g.received_at + interval \'1 hour\'')}, 'to', ${iso('g.received_at + interval \'1 day\'')})) else '[]'::jsonb end,
        'payments', case when g.i % 4 = 0 then jsonb_build_array(jsonb_build_object('method', case when g.i % 8 = 0 then 'online' else 'cash' end, 'amount', 50000, 'at', ${iso('g.received_at')}, 'reference', null)) else '[]'::jsonb end,
        'returnedAt', case when g.finished then ${iso('g.finished_at')} end,
        'returnMode', case when not g.finished then null when g.i % 3 = 0 then 'electronic' else 'paper' end),
      g.received_at, g.received_at, g.received_at + interval '3 days', case when g.finished then g.finished_at end
    from (
      select i, 'BENCH-' || lpad(i::text, 7, '0') as code,
        (array['birth-registration', 'copy-certification', 'marriage-registration', 'death-registration', 'feedback-petition'])[1 + i % 5] as procedure_id,
        case when i % 3 = 0 then 'online' else 'in_person' end as channel,
        timestamptz '2026-01-05T02:00:00Z' + (i * (200000.0 / ${sql.lit(N)}) || ' minutes')::interval as received_at,
        timestamptz '2026-01-05T02:00:00Z' + (i * (200000.0 / ${sql.lit(N)}) || ' minutes')::interval + ((i % 6) || ' days')::interval as finished_at,
        i % 7 <> 0 as finished
      from generate_series(1, ${sql.lit(N)}) as i
    ) g`.execute(db);
  await sql`insert into dossier_agencies (dossier_id, agency_id, role, since) select id, 'xa-demo', 'receiving', received_at from dossiers where code like 'BENCH-%'`.execute(db);
  await sql`insert into dossier_agencies (dossier_id, agency_id, role, since) select id, 'xa-demo-ubnd', 'handling', received_at from dossiers where code like 'BENCH-%'`.execute(db);
  await sql`
    insert into dossier_history (dossier_id, action, from_status, to_status, at, details)
    select id, 'receive', null, 'accepted', received_at, jsonb_build_object('dueAt', ${iso('due_at')}) from dossiers where code like 'BENCH-%'`.execute(db);
  await sql`
    insert into tasks (key, kind, process_instance_key, bpmn_process_id, element_id, name, step, dossier_id, dossier_code, agency_id, candidate_groups, state, due_at, created_at, completed_at, completed_by)
    select 'bench-' || d.code, 'user_task', 'bench-' || d.code, 'motcua-' || d.procedure_id, 'Task_appraisal', 'Thẩm định', 'appraisal', d.id, d.code, 'xa-demo-ubnd', '{specialist}',
      'COMPLETED', d.received_at + interval '1 day', d.received_at, d.received_at + ((row_number() over (order by d.code) % 40) || ' hours')::interval,
      (select id from users where username = case when d.code like '%0' then 'leader' else 'specialist' end)
    from dossiers d where d.code like 'BENCH-%'`.execute(db);
  await sql`analyze`.execute(db);
}

async function time(label: string, f: () => Promise<unknown>): Promise<number> {
  await f();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await f();
    runs.push(performance.now() - t0);
  }
  const median = runs.sort((a, b) => a - b)[1]!;
  process.stdout.write(`  ${label.padEnd(44)} ${median.toFixed(0).padStart(7)} ms\n`);
  return median;
}

const handle = await openDatabase();
try {
  await migrateAll(handle.db);
  await seedDemo(handle.db, 'bench-only-password');
  await syncCatalogue(handle.db);
  const t0 = performance.now();
  await generate(handle);
  const db = handle.db;
  const inMarch = await sql<{ n: string | number }>`select count(*) as n from dossiers where received_at < ${new Date('2026-04-01T00:00:00+07:00')} and (finished_at is null or finished_at >= ${new Date('2026-03-01T00:00:00+07:00')})`.execute(db);
  console.log(`${handle.label}: ${N.toLocaleString('en')} dossiers generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${Number(inMarch.rows[0]!.n).toLocaleString('en')} of them in the period ${FROM} – ${TO}.`);
  const scope = await agencySubtree(db, 'xa-demo');
  const { start, end } = periodOf(FROM, TO, 'en');
  const now = new Date('2026-06-01T00:00:00Z');
  const calendars = new CalendarService(db);
  const agency = { id: 'xa-demo', name: 'xa-demo' };
  const baseline = await time('II.06a (baseline)', () => reportIi06a(db, calendars, { agency, from: FROM, to: TO, start, end, now }));
  const index = await time('Decision 766 index (this period and previous)', () => decision766Report({ db, calendars, now }, { agency, scope, from: FROM, to: TO, lang: 'en' }));
  const halfYear = periodOf('2026-01-01', '2026-06-30', 'en');
  const monthly = await time('trends, six months per month', () => trends(db, { agencyId: 'xa-demo', now, scope, granularity: 'month', from: '2026-01-01', to: '2026-06-30', ...halfYear }));
  const weekly = await time('trends, six months per week', () => trends(db, { agencyId: 'xa-demo', now, scope, granularity: 'week', from: '2026-01-01', to: '2026-06-30', ...halfYear }));
  const staff = await time('staff view', () => staffStats(db, { scope, from: FROM, to: TO, now }));
  console.log('\nRatio to II.06a on the same data:');
  for (const [label, ms] of [['Decision 766 index', index], ['trends per month', monthly], ['trends per week', weekly], ['staff view', staff]] as const) {
    console.log(`  ${label.padEnd(44)} ${(ms / baseline).toFixed(1).padStart(7)} ×`);
  }
} finally {
  await handle.close();
}
