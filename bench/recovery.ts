/**
 * Recovery after `kill -9` under load (issue 17 item 5). For each outbox lease length: a fresh
 * PostgreSQL database, the app started as a child process (demo data), counter receptions at RATE
 * a second for SECONDS, `kill -9` right after the last one, a restart. For the dossiers received that
 * had no task in the task list at the kill (those of the last second before it, mostly), it prints how
 * long the restart took to be ready, then the time from ready until their process instance is stored
 * and until their first task is listed.
 * The events the dead process had claimed wait for their lease to end: the ratio between the two
 * lease lengths, measured in the same run, is the point. Usage: `npm run bench:recovery`
 * (`BENCH_DATABASE_URL`, default the test role's server; `BENCH_LEASES=60,10`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://motcua:motcua@127.0.0.1:5432/motcua';
const LEASES = (process.env.BENCH_LEASES ?? '60,10').split(',').map(Number);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const PORT = 3700 + (process.pid % 200);
const example = JSON.parse(readFileSync(new URL('../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;

async function admin<T>(work: (c: pg.Client) => Promise<T>, url = SERVER): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await work(c); } finally { await c.end(); }
}

async function start(url: string, leaseSeconds: number): Promise<{ child: ChildProcess; readyAt: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: url, PORT: String(PORT), HOST: '127.0.0.1', NODE_ENV: 'development', DEMO_DATA: 'true', LOG_LEVEL: 'error', OUTBOX_LEASE_SECONDS: String(leaseSeconds), RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000' },
  });
  // LOG_LEVEL=error: whatever the server logs is worth seeing.
  for (const out of [child.stdout!, child.stderr!]) out.on('data', (d: Buffer) => process.stderr.write(d));
  for (const t0 = Date.now(); Date.now() - t0 < 300_000;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    if (await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false)) return { child, readyAt: performance.now() };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server not ready in 5 minutes');
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));

async function run(leaseSeconds: number) {
  const name = `motcua_recovery_${process.pid}_${leaseSeconds}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    let { child } = await start(url.toString(), leaseSeconds);
    const login = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: process.env.DEMO_PASSWORD ?? 'motcua-demo' }) });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const sent: Array<Promise<unknown>> = [];
    const t0 = performance.now();
    const t0Wall = new Date();
    for (let i = 0; i < RATE * SECONDS; i++) {
      const due = t0 + (i * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      sent.push(fetch(`http://127.0.0.1:${PORT}/api/dossiers`, { method: 'POST', headers, body: JSON.stringify({ procedureId: 'birth-registration', channel: 'in_person', formData: example }) })
        .then((r) => r.arrayBuffer(), () => undefined));
    }
    // The last request sent, plus a moment for the server to commit what it has.
    await new Promise((r) => setTimeout(r, 100));
    const killWall = new Date();
    const killAt = performance.now();
    child.kill('SIGKILL');
    await exited(child);
    await Promise.all(sent);
    // Every dossier the bench received (the database is the truth: a reply may have been lost in the kill).
    const state = () => admin(async (c) => (await c.query<{ code: string; started: boolean; listed: boolean; last_second: boolean }>(
      `select d.code, d.process_instance_key is not null as started, exists (select 1 from tasks t where t.dossier_id = d.id) as listed,
         d.received_at >= $2::timestamptz - interval '1 second' as last_second
       from dossiers d where d.received_at >= $1`, [t0Wall, killWall])).rows, url.toString());
    const before = await state();
    const codes = before.filter((r) => r.last_second).map((r) => r.code);
    const waiting = before.filter((r) => !r.listed).map((r) => r.code);
    const restarted = await start(url.toString(), leaseSeconds);
    child = restarted.child;
    const startedAfter = new Map<string, number>();
    const listedAfter = new Map<string, number>();
    while (listedAfter.size < waiting.length && performance.now() - restarted.readyAt < 180_000) {
      const now = performance.now() - restarted.readyAt;
      for (const r of await state()) {
        if (!waiting.includes(r.code)) continue;
        if (r.started && !startedAfter.has(r.code)) startedAfter.set(r.code, now);
        if (r.listed && !listedAfter.has(r.code)) listedAfter.set(r.code, now);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    await exited(child);
    const missed = waiting.filter((c) => !listedAfter.has(c));
    if (missed.length) {
      console.log(`  not listed within 180 s: ${missed.join(', ')} (started: ${missed.filter((c) => startedAfter.has(c)).length})`);
      const rows = await admin(async (c) => (await c.query(`select o.topic, o.attempts, o.processed_at is not null as done, o.dead_at is not null as dead, o.last_error, o.outcome from outbox o
        join dossiers d on d.id::text = o.payload->>'dossierId' where d.code = any($1) order by o.id`, [missed])).rows, url.toString());
      console.log(`  their outbox events: ${JSON.stringify(rows)}`);
    }
    const max = (m: Map<string, number>) => (m.size ? Math.round(Math.max(...m.values())) : null);
    const readyAfterKillMs = Math.round(restarted.readyAt - killAt);
    return { leaseSeconds, readyAfterKillMs, received: before.length, lastSecond: codes.length, waitingAtKill: waiting.length, notStartedAtKill: before.filter((r) => !r.started).length, startedMaxMs: max(startedAfter), listedMaxMs: max(listedAfter), missed: waiting.length - listedAfter.size };
  } finally {
    if (process.env.BENCH_KEEP_DB === '1') console.log(`  kept database ${name}`);
    else await admin((c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => admin((c) => c.query(`drop database if exists ${name}`)));
  }
}

const results = [];
for (const lease of LEASES) {
  const r = await run(lease);
  console.log(`lease ${lease} s: ${r.received} dossiers received, ${r.lastSecond} in the last second before the kill; ${r.waitingAtKill} had no task at the kill (${r.notStartedAtKill} no process); the restart was ready ${r.readyAfterKillMs} ms after the kill, then all started within ${r.startedMaxMs} ms, first tasks listed within ${r.listedMaxMs} ms (${r.missed} missed)`);
  results.push(r);
}
const [a, b] = results;
if (a && b && a.listedMaxMs && b.listedMaxMs) console.log(`ratio (lease ${b.leaseSeconds} s / lease ${a.leaseSeconds} s): ${(b.listedMaxMs / a.listedMaxMs).toFixed(2)}`);
console.log(JSON.stringify({ load: loadavg().map((l) => l.toFixed(1)), rate: RATE, seconds: SECONDS, results }));
