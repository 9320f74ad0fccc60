/**
 * Builds the real application on a real database (PGlite or PostgreSQL, migrated and seeded with
 * the demo data) for `inject` tests, with a manual clock and captured logs.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../api/app.ts';
import { loadConfig, type Config } from '../../api/config.ts';
import { seedDemo } from '../../api/demo/seed.ts';
import type { DatabaseHandle } from '../../api/db/connect.ts';
import { ManualClock } from './clock.ts';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { diskStorage } from '../../api/services/storage.ts';
import type { DatabaseTarget } from './databases.ts';

export const DEMO_PASSWORD = 'motcua-demo-test';

export interface TestApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  clock: ManualClock;
  config: Config;
  /** Every log line written so far. */
  logs: string[];
  /** Logs in and returns an access token. */
  token(username: string, password?: string): Promise<string>;
  /** Logs in and returns both tokens. */
  login(username: string, password?: string): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

/** Builds the app on a fresh, migrated, seeded database of the target. */
export interface TestAppOptions {
  /** Directory of form schemas (default: the real `schemas/procedures`). */
  formSchemaDir?: string;
  /** Directory for stored documents. */
  storageDir?: string;
  /** Start the engine, task bridge and workers' loops (default true); false: tests drive them with `settle`. */
  autoStart?: boolean;
  /** The workflow engine (default: the embedded engine on the test database). */
  engine?: WorkflowEngine;
  /** The embedded engine's `commandTimeout` in ms (default the engine's, 15 s): how long a command waits for its task listeners. */
  engineCommandTimeoutMs?: number;
  /** Runs on the built app before it is made ready (e.g. to hold back a call made when it gets ready). */
  beforeReady?: (app: FastifyInstance) => void;
  /** The engine bridge's idle poll in ms (default 500). */
  bridgePollMs?: number;
  /** Write the embedded engine's durable user-task feed (default false, as the app runs it). */
  durableUserTaskFeed?: boolean;
}

export async function buildTestApp(target: DatabaseTarget, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const handle = await target.openMigrated();
  await seedDemo(handle.db, DEMO_PASSWORD);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DEMO_PASSWORD, ...env });
  const clock = new ManualClock(new Date());
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  // Calendars are read afresh every time, so that a read outside the caller's transaction, which
  // waits forever on PGlite's single connection once the cache has expired, shows in every test.
  const services = {
    calendarCacheMs: 0,
    ...(options.formSchemaDir ? { formSchemaDir: options.formSchemaDir } : {}),
    ...(options.storageDir ? { storage: diskStorage(options.storageDir) } : {}),
  };
  const engine = options.engine ?? (options.engineCommandTimeoutMs === undefined && !options.durableUserTaskFeed ? undefined
    : new EmbeddedEngine({ db: handle.db, clock, durableUserTaskFeed: options.durableUserTaskFeed ?? false, ...(options.engineCommandTimeoutMs === undefined ? {} : { commandTimeout: options.engineCommandTimeoutMs }) }));
  const app = await buildApp({ config, database: handle, clock, logStream, services, engineAutoStart: options.autoStart, ...(options.bridgePollMs ? { bridgePollMs: options.bridgePollMs } : {}), ...(engine ? { engine } : {}) });
  options.beforeReady?.(app);
  await app.ready();
  const login = async (username: string, password = DEMO_PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return res.json() as { accessToken: string; refreshToken: string };
  };
  return {
    app, handle, clock, config, logs, login,
    token: async (username, password) => (await login(username, password)).accessToken,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

/** The Authorization header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Parses a JSON response body. */
export const json = <T = Record<string, unknown>>(res: LightMyRequestResponse) => res.json() as T;
