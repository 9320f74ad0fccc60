/**
 * The Zeebe adapter (`engine-adapter/zeebe/`) as an engine under test, with the embedded engine as the
 * cluster: its gRPC half talks to the embedded engine behind the Zeebe gateway protocol
 * (`test/engine-zeebe/embedded-gateway.ts`), its REST half to the app's Camunda REST face `/v2` over
 * real HTTP, authenticated with a bearer token from `/api/auth/login` (as `ZEEBE_AUTH=bearer`).
 * The same token guards the gateway. Time is the embedded engine's manual clock.
 */
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { seedDemo } from '../../api/demo/seed.ts';
import { ManualClock } from '../../engine-adapter/clock.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/index.ts';
import { createZeebeEngine } from '../../engine-adapter/zeebe/index.ts';
import { DEMO_PASSWORD } from '../helpers/app.ts';
import type { DatabaseTarget } from '../helpers/databases.ts';
import { EmbeddedGateway } from '../engine-zeebe/embedded-gateway.ts';
import type { EngineUnderTest } from './harness.ts';

/** The adapter under test, with what it is wired to. */
export interface AdapterUnderTest extends EngineUnderTest {
  wire: { gateway: EmbeddedGateway; baseUrl: string; token: string };
}

/** The service account the adapter signs in as: every `/v2` permission it needs, in the demo commune centre. */
const ACCOUNT = { username: 'zeebe-adapter', fullName: 'Bộ điều hợp Zeebe (kiểm thử)', agencyId: 'xa-demo', roles: ['admin', 'leader'], password: 'adapter-secret-2026' };

async function call(baseUrl: string, method: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Signs the demo admin in, creates the service account, and returns the account's access token. */
async function serviceToken(baseUrl: string): Promise<string> {
  const admin = (await call(baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: DEMO_PASSWORD })).accessToken as string;
  await call(baseUrl, 'POST', '/api/users', ACCOUNT, admin);
  return (await call(baseUrl, 'POST', '/api/auth/login', { username: ACCOUNT.username, password: ACCOUNT.password })).accessToken as string;
}

/** Options of {@link zeebeAdapterTarget}. */
export interface AdapterTargetOptions {
  /** The cluster's clock (default a manual clock at 2026-03-02T01:00Z): share one with an app under test. */
  clock?: { now(): Date; advance(ms: number): void };
}

/** The adapter against the embedded engine on one database target. */
export function zeebeAdapterTarget(db: DatabaseTarget, options: AdapterTargetOptions = {}): { name: string; open(): Promise<AdapterUnderTest> } {
  const name = `zeebe-adapter/${db.name}`;
  return {
    name,
    async open() {
      const handle = await db.openMigrated();
      await seedDemo(handle.db, DEMO_PASSWORD);
      const clock = options.clock ?? new ManualClock('2026-03-02T01:00:00Z');
      const embedded = new EmbeddedEngine({ db: handle.db, clock });
      // The cluster side runs no job workers of its own: every job goes to the adapter's clients.
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_PASSWORD, WORKERS_IN_PROCESS: 'false' });
      const logStream = new Writable({ write(_chunk, _enc, cb) { cb(); } });
      const app = await buildApp({ config, database: handle, logStream, engine: embedded, engineAutoStart: false, bootstrap: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const token = await serviceToken(baseUrl);
      const jobExists = async (key: string) => Boolean(await handle.db.selectFrom('engine_job' as never).select('key' as never).where('key' as never, '=', key as never).executeTakeFirst());
      const gateway = await new EmbeddedGateway(embedded, { authorize: (h) => h === `Bearer ${token}`, jobExists }).start();
      const engine = createZeebeEngine({
        grpcAddress: gateway.address, restAddress: baseUrl, auth: { strategy: 'BEARER', token },
        requestTimeoutMs: 15_000, maxRetries: 2, retryBackoff: { initialMs: 10, maxMs: 50 }, readyTimeoutMs: 15_000,
        // Workers are fed by the stream; user-task events come from the explicit polls of settle().
        workerBackfillIntervalMs: 200, userTaskPollIntervalMs: 3_600_000,
      });
      await engine.start();

      /**
       * Runs the embedded engine until idle and waits until the gateway has been quiet for a few rounds
       * with no streamed job left unanswered (bounded: gives up waiting after about 6 s).
       */
      const settle = async () => {
        for (let quiet = 0, round = 0; quiet < 3 && round < 400; round++) {
          const before = gateway.activity;
          await embedded.runUntilIdle();
          await gateway.pump();
          await sleep(15);
          quiet = gateway.activity === before && !gateway.busy && gateway.inFlight === 0 ? quiet + 1 : 0;
        }
        await engine.pollUserTaskEvents();
      };
      return {
        name, engine, traits: { deployErrors: 'cluster', userTaskEvents: 'poll' }, wire: { gateway, baseUrl, token },
        async advance(ms) { clock.advance(ms); await settle(); },
        settle,
        now: () => clock.now(),
        async close() {
          await engine.stop();
          await gateway.close();
          await app.close();
          await embedded.stop();
          await handle.close();
        },
      };
    },
  };
}
