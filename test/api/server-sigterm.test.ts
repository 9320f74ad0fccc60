/**
 * SIGTERM of a real server process (`api/server.ts`, as `bench/recovery.ts` starts one) under a few
 * receptions, on a fresh PostgreSQL database (when `TEST_DATABASE_URL` is set) and on PGlite in a temp
 * dir: it exits with code 0, its output has no "destroyed" driver nor unhandled error, and no outbox
 * event is left leased by it (leases of 10 minutes here, so a leased row is told from a retry backoff).
 */
import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExtensions } from '../../api/db/connect.ts';
import { dropDatabase } from '../helpers/databases.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORT = 3900 + (process.pid % 90);
const example = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const LEASED = `select count(*)::int as n from outbox where processed_at is null and dead_at is null and available_at > now() + interval '2 minutes'`;

async function runServer(t: Test, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')), ...env, PORT: String(PORT), HOST: '127.0.0.1', NODE_ENV: 'development', DEMO_DATA: 'true', LOG_LEVEL: 'info', OUTBOX_LEASE_SECONDS: '600', MOTCUA_UI_WATCH: '1', RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000' },
  });
  let output = '';
  for (const out of [child.stdout, child.stderr]) out.on('data', (d: Buffer) => { output += String(d); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ready = false;
  while (!ready && child.exitCode === null) {
    ready = await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  t.ok(ready, 'the server got ready');
  const login = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: 'motcua-demo' }) });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const receive = () => fetch(`http://127.0.0.1:${PORT}/api/dossiers`, { method: 'POST', headers, body: JSON.stringify({ procedureId: 'birth-registration', channel: 'in_person', formData: example }) }).then((r) => r.status, () => 0);
  const first = await Promise.all([receive(), receive(), receive()]);
  t.same(first, [201, 201, 201], 'receptions answered');
  // More receptions in flight when the signal comes: their processes start while the server stops.
  const late = [receive(), receive(), receive()];
  await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  await Promise.all(late);
  const code = await exited;
  return { code, output };
}

function checkOutput(t: Test, run: { code: number | null; output: string }) {
  t.equal(run.code, 0, 'exit code 0');
  t.notMatch(run.output, /destroyed/i, 'no "driver has already been destroyed"');
  t.notMatch(run.output, /unhandled|uncaught/i, 'no unhandled error');
  t.match(run.output, /"msg":"shut down"/, 'the shutdown ended by itself, within the grace period');
}

if (process.env.TEST_DATABASE_URL) {
  t.test('SIGTERM on PostgreSQL', async (t) => {
    const name = `motcua_sigterm_${process.pid}`;
    const admin = async (sql: string, url = process.env.TEST_DATABASE_URL!) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try { return (await c.query(sql)).rows; } finally { await c.end(); }
    };
    await admin(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    // Not `drop … with (force)` alone: it fails while an autovacuum worker is in the database (the CI try's failure).
    t.teardown(() => dropDatabase(process.env.TEST_DATABASE_URL!, name));
    const run = await runServer(t, { DATABASE_URL: url.toString() });
    checkOutput(t, run);
    t.same(await admin(LEASED, url.toString()), [{ n: 0 }], 'no outbox event left leased by the stopped server');
  });
}

t.test('SIGTERM on PGlite', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-sigterm-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const run = await runServer(t, { DATA_DIR: join(dir, 'data') });
  checkOutput(t, run);
  const db = await PGlite.create(join(dir, 'data', 'pg'), { extensions: pgliteExtensions });
  try {
    t.same((await db.query<{ n: number }>(LEASED)).rows, [{ n: 0 }], 'no outbox event left leased by the stopped server');
  } finally {
    await db.close();
  }
});
