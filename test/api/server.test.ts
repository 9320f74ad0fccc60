import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** The node arguments of `npm start` (package.json), with its shell default for `MAX_HEAP_MB`. */
function startArgs(): string[] {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [node, ...args] = script.replace(/\$\{MAX_HEAP_MB:-(\d+)\}/, '$1').split(/\s+/);
  if (node !== 'node' || !args.includes('api/server.ts')) throw new Error(`unexpected start script: ${script}`);
  return args;
}

/** Starts `api/server.ts` as `npm start` does (its heap cap included), in a child process, and waits for its port. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, startArgs(), {
    cwd: root, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, exited, output: () => output };
}

t.test('a fresh start on embedded defaults serves docs, readiness and a demo login', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-start-'));
  const server = startServer({ DATA_DIR: dataDir, NODE_ENV: 'development', DATABASE_URL: '' });
  t.teardown(() => {
    server.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${await server.port}`;
  t.equal((await fetch(`${base}/readyz`)).status, 200);
  t.equal((await fetch(`${base}/docs/`)).status, 200);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: 'motcua-demo' }),
  });
  t.equal(login.status, 200);
  t.match(server.output(), new RegExp(`Log in at http://localhost:${await server.port} .*admin`));
  t.match(server.output(), /admin, controller, reception, specialist, leader or supervisor/);
  t.notOk(server.output().includes('motcua-demo"'), 'the password itself is not logged as a value');
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'stops cleanly on SIGTERM');
});

t.test('production refuses to start without JWT_SECRET, in one line', async (t) => {
  const server = startServer({ NODE_ENV: 'production', JWT_SECRET: '' });
  await t.rejects(server.port, /exited with 1/);
  t.equal(server.output().trim(), 'Invalid configuration: JWT_SECRET is required in production (at least 32 characters)');
});

t.test('a bad variable stops the start with one line naming it', async (t) => {
  const server = startServer({ PORT: 'eighty' });
  await t.rejects(server.port, /exited with 1/);
  t.equal(server.output().trim(), 'Invalid configuration: PORT must be an integer');
});

t.test('ENGINE=zeebe with an unreachable cluster: one clear line, not ready, the API still answers', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-zeebe-'));
  const server = startServer({
    DATA_DIR: dataDir, DATABASE_URL: '', ENGINE: 'zeebe', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9', ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9',
    ZEEBE_MAX_RETRIES: '0', ZEEBE_REQUEST_TIMEOUT_MS: '1000',
  });
  t.teardown(() => {
    server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${await server.port}`;
  const ready = await fetch(`${base}/readyz`);
  t.equal(ready.status, 503);
  t.match(JSON.stringify(await ready.json()), /workflow engine not (started|ready)/);
  t.equal((await fetch(`${base}/healthz`)).status, 200);
  t.match(server.output(), /Workflow engine not started: /);
});

t.test('ENGINE=zeebe with a bad ZEEBE_AUTH stops the start with one line naming it', async (t) => {
  const server = startServer({ ENGINE: 'zeebe', ZEEBE_AUTH: 'kerberos' });
  await t.rejects(server.port, /exited with 1/);
  t.match(server.output().trim(), /^Invalid configuration: ZEEBE_AUTH .*must be none, oauth, basic or bearer$/);
});
