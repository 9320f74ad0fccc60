/**
 * The workers as their own process (`npm run workers` beside an API started with
 * `WORKERS_IN_PROCESS=false`, README "Workers"), both real processes on one fresh PostgreSQL database
 * (PGlite is one process's own): the workers process starts, takes the jobs the API does not (the step's
 * deadline set by the SLA listener), so a received dossier's first task gets its due date, and stops on
 * SIGTERM with exit code 0. It did not start at all once the task bridge read `app.config`, which only
 * the API decorated.
 */
import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dropDatabase } from '../helpers/databases.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORT = 3800 + (process.pid % 90);
const example = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function start(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', HOST: '127.0.0.1', MOTCUA_UI_WATCH: '1', ...env },
  });
  let output = '';
  for (const out of [child.stdout!, child.stderr!]) out.on('data', (d: Buffer) => { output += String(d); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

if (!process.env.TEST_DATABASE_URL) {
  t.fail('TEST_DATABASE_URL is not set: the workers process needs a PostgreSQL server shared with the API (`.ci/run` starts one)');
} else {
  t.test('npm run workers beside an API without workers', async (t) => {
    const name = `motcua_workers_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const db = new pg.Client({ connectionString: url.toString() });
    t.teardown(async () => {
      await db.end().catch(() => undefined);
      await dropDatabase(process.env.TEST_DATABASE_URL!, name);
    });

    const api = start('api/server.ts', { DATABASE_URL: url.toString(), PORT: String(PORT), DEMO_DATA: 'true', WORKERS_IN_PROCESS: 'false' });
    t.teardown(() => { api.child.kill('SIGKILL'); });
    await until('the API to be ready', async () => (api.child.exitCode === null && await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false)) || undefined);
    await db.connect();

    const login = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: 'motcua-demo' }) });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const received = await fetch(`http://127.0.0.1:${PORT}/api/dossiers`, { method: 'POST', headers, body: JSON.stringify({ procedureId: 'birth-registration', channel: 'in_person', formData: example }) });
    t.equal(received.status, 201, 'received by the API');
    const { code } = (await received.json()) as { code: string };
    // The process starts in the API (its engine bridge), but no one runs the step's SLA listener job yet.
    const pendingJob = await until('the step deadline job', async () => {
      const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from engine_job j join dossiers d on d.process_instance_key = j.process_instance_key::text where d.code = $1`, [code]);
      return rows[0]!.n > 0 ? rows[0]!.n : undefined;
    });
    t.ok(pendingJob > 0, 'the API left the step deadline job to the workers');

    const workers = start('api/workers/main.ts', { DATABASE_URL: url.toString() });
    t.teardown(() => { workers.child.kill('SIGKILL'); });
    await until('the workers to start', async () => (workers.child.exitCode !== null || /motcua workers started/.test(workers.output())) || undefined);
    t.equal(workers.child.exitCode, null, `the workers process runs${workers.child.exitCode === null ? '' : `: ${workers.output().slice(-2000)}`}`);
    t.match(workers.output(), /motcua workers started/, 'it says it started');

    const task = await until('the first task with its due date', async () => {
      const { rows } = await db.query<{ name: string; due_at: Date | null }>(
        `select t.name, t.due_at from tasks t where t.dossier_code = $1 and t.state = 'CREATED' and t.due_at is not null`, [code]);
      return rows[0];
    });
    t.ok(task.due_at instanceof Date, `the open task "${task.name}" has the due date the workers' SLA listener set`);

    workers.child.kill('SIGTERM');
    t.equal(await workers.exited, 0, 'the workers process exits with code 0 on SIGTERM');
    t.notMatch(workers.output(), /unhandled|uncaught|TypeError/i, 'no unhandled error in its output');
    api.child.kill('SIGTERM');
    t.equal(await api.exited, 0, 'the API exits with code 0');
  });
}
