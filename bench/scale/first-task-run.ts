/**
 * Reception → first task alone, with where the time goes (issue 18): starts the real server on one
 * generated database (`tsx bench/scale/first-task-run.ts <database>`, on the server of BENCH_SCALE_URL
 * or TEST_DATABASE_URL; generate it first with `generate.ts`, or copy one), receives
 * BENCH_SCALE_FIRST_TASK_RATE (50) dossiers a second for BENCH_SCALE_SECONDS (8) through the API
 * (`first-task.ts`), then splits each dossier's wait by the timestamps the application wrote:
 * - reception: from the scheduled send to the reception's commit (its `dossier.accepted` outbox row);
 * - outbox: until the engine bridge claimed it (`process_start_requested_at`);
 * - engine: until the engine's step that created the reception task began (the task's `created_at`);
 * - projection: until the task was seen in `tasks` (polled every 25 ms): the step itself, the event's
 *   emission after its commit, the projector's queue and its write.
 * `--repeat N` runs the scenario N times on the same server (a pause of 5 s between, `--pause S` to change it);
 * `--idle S` leaves the server alone S seconds after it is ready before the first run (its start-up work
 * done). Prints p50/p95 per part, the CPU time per dossier (the server's and the whole machine's, from
 * /proc, once the run's work is done) and the load average. The database grows by the dossiers received.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { drained, receptionToFirstTask, type FirstTaskDetail } from './first-task.ts';
import { Client } from './load.ts';
import { scenarios } from './scenarios.ts';
import { cpuMs, postgresCpuMs, startServer, stopServer } from './server.ts';

const SERVER = process.env.BENCH_SCALE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://motcua:motcua@127.0.0.1:5432/motcua';
const RATE = Number(process.env.BENCH_SCALE_FIRST_TASK_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 8);
const COMMUNES = Number(process.env.BENCH_SCALE_COMMUNES ?? 51);
const PORT = 3973;

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 1;
const idleAt = args.indexOf('--idle');
/** Seconds to leave the server alone after it is ready, before the first run (default 0: at once, as `bench:scale` does). */
const idleSeconds = idleAt >= 0 ? Number(args[idleAt + 1]) : 0;
const pauseAt = args.indexOf('--pause');
/** Seconds between two runs (default 5). */
const pauseSeconds = pauseAt >= 0 ? Number(args[pauseAt + 1]) : 5;
if (!name) throw new Error('usage: tsx bench/scale/first-task-run.ts <database> [--repeat N] [--idle seconds] [--pause seconds]');
const url = new URL(SERVER);
url.pathname = `/${name}`;

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const pct = (xs: number[], q: number) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!) : NaN;
};

/** The last outbox id now: the run's reception events come after it (read by key range, not over the whole outbox). */
async function lastOutboxId(): Promise<string> {
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    return (await db.query<{ id: string | null }>('select max(id)::text as id from outbox')).rows[0]!.id ?? '0';
  } finally {
    await db.end();
  }
}

/** The application's timestamps of each dossier, as wall-clock ms. */
async function breakdown(detail: FirstTaskDetail, outboxAfter: string): Promise<Record<string, { p50: number; p95: number }>> {
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const { rows } = await db.query<{ code: string; received: Date | null; claimed: Date | null; created: Date | null }>(
      `select d.code, (select min(o.created_at) from outbox o where o.id > $2 and o.topic = 'dossier.accepted' and o.payload->>'dossierId' = d.id::text) as received,
              d.process_start_requested_at as claimed, (select min(t.created_at) from tasks t where t.dossier_id = d.id) as created
       from dossiers d where d.code = any($1)`, [[...detail.keys()], outboxAfter]);
    const parts: Record<string, number[]> = { reception: [], outbox: [], engine: [], projection: [], total: [] };
    for (const r of rows) {
      const d = detail.get(r.code)!;
      const received = r.received?.getTime() ?? NaN;
      const claimed = r.claimed?.getTime() ?? NaN;
      const created = r.created?.getTime() ?? NaN;
      const listed = d.listedAt ?? NaN;
      parts.reception!.push(received - d.sentAt);
      parts.outbox!.push(claimed - received);
      parts.engine!.push(created - claimed);
      parts.projection!.push(listed - created);
      parts.total!.push(listed - d.sentAt);
    }
    return Object.fromEntries(Object.entries(parts).map(([k, xs]) => [k, { p50: pct(xs, 0.5), p95: pct(xs, 0.95) }]));
  } finally {
    await db.end();
  }
}

const { child, readyMs } = await startServer(url.toString(), PORT);
const client = new Client(`http://127.0.0.1:${PORT}`);
const watch = new pg.Client({ connectionString: url.toString() });
await watch.connect();
try {
  console.log(`${name}: ready in ${(readyMs / 1000).toFixed(1)} s (load ${load()})`);
  const list = await scenarios(client, { communes: COMMUNES, codes: ['-'], quarter: { from: '2026-01-01', to: '2026-03-31' } });
  const reception = list.find((s) => s.name === 'reception')!;
  if (idleSeconds > 0) await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  let offset = 0;
  for (let run = 1; run <= repeat; run++) {
    const detail: FirstTaskDetail = new Map();
    const base = offset;
    const outboxAfter = await lastOutboxId();
    const cpu0 = cpuMs(child.pid!);
    const pg0 = postgresCpuMs();
    const client0 = process.cpuUsage();
    const f = await receptionToFirstTask(client, url.toString(), (i) => reception.next(base + i), RATE, SECONDS, detail);
    await drained(watch); // the run's work done (the reception tasks completed), so its CPU is all counted
    const cpu1 = cpuMs(child.pid!);
    const clientUs = process.cpuUsage(client0);
    const per = (ms: number) => Math.round(ms / f.received * 10) / 10;
    const cpu = {
      serverMsPerDossier: per(cpu1.process - cpu0.process), machineMsPerDossier: per(cpu1.machine - cpu0.machine),
      postgresMsPerDossier: per(postgresCpuMs() - pg0), clientMsPerDossier: per((clientUs.user + clientUs.system) / 1000),
    };
    offset += f.received + f.errors;
    const parts = await breakdown(detail, outboxAfter);
    console.log(`run ${run} at ${RATE}/s × ${SECONDS} s: ${f.received} received, ${f.errors} errors; started p50 ${f.started.p50} p95 ${f.started.p95};` +
      ` listed p50 ${f.listed.p50} p95 ${f.listed.p95} max ${f.listed.max} ms, ${(f.listedWithin1s * 100).toFixed(1)}% within 1 s, ${f.listed.missed} missed (load ${load()})`);
    console.log(`  parts (p50 / p95 ms): ${Object.entries(parts).map(([k, v]) => `${k} ${v.p50} / ${v.p95}`).join('; ')}`);
    console.log(`  CPU per dossier: server ${cpu.serverMsPerDossier} ms, PostgreSQL ${cpu.postgresMsPerDossier} ms, this client ${cpu.clientMsPerDossier} ms;` +
      ` machine ${cpu.machineMsPerDossier} ms (both cores, all of it)`);
    console.log(JSON.stringify({ bench: 'first-task', database: name, run, load: loadavg().map((x) => Math.round(x * 100) / 100), figures: f, parts, cpu }));
    if (run < repeat) await new Promise((r) => setTimeout(r, pauseSeconds * 1000));
  }
} finally {
  client.close();
  await watch.end();
  await stopServer(child);
}
