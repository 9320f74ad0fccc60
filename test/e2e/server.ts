/**
 * The real system for browser tests: the UI built into ui/dist (skipped when up to date), the real
 * app with its engine and workers on the system clock, listening on a loopback port, on a fresh
 * migrated PGlite database (the default install) with the demo data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { seedDemo } from '../../api/demo/seed.ts';
import { diskStorage } from '../../api/services/storage.ts';
import { ensureUiBuilt } from '../../ui/build.ts';
import { databaseTargets } from '../helpers/databases.ts';

export const PASSWORD = 'motcua-e2e';

export interface RunningSystem {
  app: FastifyInstance;
  url: string;
  /** Logs a demo user in over HTTP; returns the access token. */
  token(username: string): Promise<string>;
  /** Calls the API over HTTP with a token; the body parsed as JSON (null when none). */
  http(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & { items?: Array<Record<string, unknown>> } }>;
  close(): Promise<void>;
}

export async function startSystem(env: Record<string, string> = {}): Promise<RunningSystem> {
  await ensureUiBuilt();
  const handle = await databaseTargets()[0]!.openMigrated();
  await seedDemo(handle.db, PASSWORD);
  const docs = mkdtempSync(join(tmpdir(), 'motcua-e2e-docs-'));
  // A browser test logs in often from one address: the public rate limit must not be what it measures.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_PASSWORD: PASSWORD, RATE_LIMIT_PUBLIC_PER_MINUTE: '100000', SLA_SWEEP_SECONDS: '5', ALERTS_POLL_MS: '500', ...env });
  const app = await buildApp({ config, database: handle, services: { storage: diskStorage(docs) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    async token(username) {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    async http(method, path, token, body) {
      const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> & { items?: Array<Record<string, unknown>> } };
    },
    async close() {
      await app.close();
      await handle.close();
      rmSync(docs, { recursive: true, force: true });
    },
  };
}
