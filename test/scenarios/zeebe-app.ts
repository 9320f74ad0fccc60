/**
 * The application on `ENGINE=zeebe`, for the `procedures-on-zeebe-*` tests: shipped procedures, unchanged, on
 * time (and two of them with one supplement), through the API and the task list, with the real workers — the
 * engine being the Zeebe adapter. Its cluster is the embedded engine behind the Zeebe gateway protocol and the
 * `/v2` face of a second app (test/engine/zeebe-adapter-target.ts): the processes are deployed over gRPC, job
 * workers take their jobs from gateway streams, user tasks are read, completed and turned into task-list events
 * through `/v2` polling, messages are published over gRPC. One clock moves both sides.
 *
 * The catalogue is split over three test files, each with its own cluster and app: in one file the nine
 * procedures took 229 s of a full CI run (60 s alone), too near tap's limit of 300 s per file.
 */
import t, { type Test } from 'tap';
import { Writable } from 'node:stream';
import nodemailer from 'nodemailer';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { seedDemo } from '../../api/demo/seed.ts';
import { PROCEDURE_CATALOGUE } from '../../api/procedures/catalogue.ts';
import { ZeebeEngine } from '../../engine-adapter/zeebe/index.ts';
import { zeebeAdapterTarget } from '../engine/zeebe-adapter-target.ts';
import { ManualClock } from '../helpers/clock.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { PASSWORD } from '../workers/helpers.ts';
import { oneSupplement, onTime, setUp, type ScenarioApp } from './drive.ts';

const databases = databaseTargets();
const WITH_SUPPLEMENT = new Set(['birth-registration', 'construction-permit-house']);

/** The app on the Zeebe adapter, and its cluster; both closed when `t` ends. */
async function openAppOnZeebe(t: Test): Promise<ScenarioApp> {
  const clock = new ManualClock('2026-03-02T01:30:00Z');
  const cluster = await zeebeAdapterTarget(databases.at(-1)!, { clock }).open();
  t.teardown(() => cluster.close());
  // A province on Zeebe keeps its data on PostgreSQL (PGlite only where no server is given).
  const handle = await databases.at(-1)!.openMigrated();
  await seedDemo(handle.db, PASSWORD);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_PASSWORD: PASSWORD });
  const logStream = new Writable({ write(_chunk, _e, cb) { cb(); } });
  const app = await buildApp({ config, database: handle, clock, logStream, engine: cluster.engine, engineAutoStart: false, workers: { mailer: nodemailer.createTransport({ jsonTransport: true }) }, services: { calendarCacheMs: 0 } });
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await handle.close();
  });
  t.ok(app.engine instanceof ZeebeEngine, 'the app runs on the Zeebe adapter');
  const gateway = cluster.wire.gateway;
  return {
    app, handle, clock,
    token: async (username) => ((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } })).json() as { accessToken: string }).accessToken,
    async settle() {
      for (let round = 0; round < 100; round++) {
        const before = gateway.activity;
        await cluster.settle();
        await app.taskProjector.idle();
        const bridged = await app.taskBridge.drain();
        await app.taskProjector.idle();
        const sent = await app.workers.outbox!.drain();
        if (bridged === 0 && sent === 0 && gateway.activity === before) return;
      }
      throw new Error('settle: still moving');
    },
  };
}

/** How the catalogue is split over the test files; `rest` is every procedure of no other part (a new one lands there). */
const PARTS = {
  'civil-status': ['birth-registration', 'death-registration', 'marriage-registration', 'marital-status-confirmation'],
  'business-and-building': ['copy-certification', 'household-business-registration', 'construction-permit-house'],
} as const;

/** The procedures of one part of the catalogue with the app on the Zeebe adapter: each on time, two with a supplement. */
export function proceduresOnZeebe(part: keyof typeof PARTS | 'rest'): void {
  const named: readonly string[] = Object.values(PARTS).flat();
  for (const id of named) if (!PROCEDURE_CATALOGUE.some((e) => e.id === id)) throw new Error(`not in the catalogue: ${id}`);
  const ids = part === 'rest' ? PROCEDURE_CATALOGUE.map((e) => e.id).filter((id) => !named.includes(id)) : PARTS[part] as readonly string[];
  // Real gRPC streams and `/v2` polls: a part takes 30–45 s alone and two to three times that in a full run beside
  // the browser tests; on a loaded machine more (a part took 336 s beside a 1M-dossier generation). The file's
  // limit is a guard against a hang, so these files get 10 minutes instead of `.taprc`'s 5.
  t.setTimeout(600_000);
  t.test(`${ids.join(', ')} with the app on the Zeebe adapter`, async (t) => {
    t.ok(ids.length > 0, 'procedures to run');
    const w = await openAppOnZeebe(t);
    const tokens = await setUp(w);
    // Each scenario in a week of its own, Monday 08:30: the one clock only moves forward.
    const monday = (n: number) => new Date(Date.parse('2026-03-02T01:30:00Z') + 7 * 86_400_000 * n).toISOString();
    // On time; the supplement path (pause, message, restart) on two procedures, to bound the time taken.
    PROCEDURE_CATALOGUE.forEach((entry, i) => {
      if (!ids.includes(entry.id)) return;
      t.test(`${entry.id}: on time`, (t) => onTime(t, w, tokens, entry.id, monday(2 * i)));
      if (!WITH_SUPPLEMENT.has(entry.id)) return;
      t.test(`${entry.id}: one supplement, the clock restarts, a second is refused`, (t) => oneSupplement(t, w, tokens, entry.id, monday(2 * i + 1)));
    });
  });
}
