/**
 * The real application for worker scenarios: a fresh migrated, seeded database (PGlite or
 * PostgreSQL), the embedded engine driven by hand (`engineAutoStart: false`, `runUntilIdle`), the
 * workers plugin and routes (registered here until app.ts does), the task projector, a manual
 * clock, and helpers to deploy a shipped process and receive a dossier through the API.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import type { DatabaseHandle } from '../../api/db/connect.ts';
import { seedDemo } from '../../api/demo/seed.ts';
import { TaskProjector } from '../../api/services/task-projector.ts';
import type { WorkersPluginOptions } from '../../api/workers/plugin.ts';
import { CONFIG_VARS } from '../../api/config.ts';
import type { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { ManualClock } from '../helpers/clock.ts';
import type { DatabaseTarget } from '../helpers/databases.ts';

export const PASSWORD = 'motcua-demo-test';
const HOUR = 3_600_000;

export interface WorkersApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  clock: ManualClock;
  logs: string[];
  engine: EmbeddedEngine;
  projector: TaskProjector;
  /** Mails "sent" through nodemailer's own JSON transport. */
  mails: Array<{ to: string; subject: string }>;
  token(username: string): Promise<string>;
  /** Runs engine (timers and jobs), task projection and the outbox until nothing moves. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the app on a fresh database of the target. */
export async function buildWorkersApp(target: DatabaseTarget, options: WorkersPluginOptions = {}): Promise<WorkersApp> {
  const handle = await target.openMigrated();
  await seedDemo(handle.db, PASSWORD);
  const overrides: Record<string, unknown> = { webhookBackoffMs: 1000, webhookMaxAttempts: 3, ...options.config };
  const env = Object.fromEntries(Object.entries(CONFIG_VARS).filter(([, v]) => overrides[v.key] !== undefined && overrides[v.key] !== null).map(([name, v]) => [name, String(overrides[v.key])]));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DEMO_PASSWORD: PASSWORD, ...env });
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const logs: string[] = [];
  const logStream = new Writable({ write(chunk, _e, cb) { logs.push(String(chunk)); cb(); } });
  const mailer = options.mailer ?? nodemailer.createTransport({ jsonTransport: true });
  const mails: WorkersApp['mails'] = [];
  const send = mailer.sendMail.bind(mailer);
  (mailer as unknown as { sendMail: typeof send }).sendMail = (async (m: Parameters<typeof send>[0]) => {
    const info = await send(m);
    const message = JSON.parse(String((info as unknown as { message: string }).message)) as { to: Array<{ address: string }>; subject: string };
    mails.push({ to: message.to[0]!.address, subject: message.subject });
    return info;
  }) as typeof send;
  // No calendar cache: a calendar read outside the caller's transaction would hang here (see test/helpers/app.ts).
  const app = await buildApp({ config, database: handle, clock, logStream, engineAutoStart: false, workers: { mailer }, services: { calendarCacheMs: 0 } });
  await app.ready();
  const engine = app.engine as EmbeddedEngine;
  // The app's task projector and engine bridge when it has them (api/plugins/tasks.ts), else our own projector.
  const own = app.hasDecorator('taskProjector') ? undefined : new TaskProjector(handle.db, engine, { error: () => undefined });
  own?.start();
  const projector = own ?? app.taskProjector;
  const bridge = app.hasDecorator('taskBridge') ? app.taskBridge : undefined;
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      const moved = await engine.runUntilIdle();
      await projector.idle();
      const bridged = (await bridge?.drain()) ?? 0;
      await projector.idle();
      const sent = await app.workers.outbox!.drain();
      if (moved === 0 && bridged === 0 && sent === 0) return;
    }
    throw new Error('settle: still moving');
  };
  return {
    app, handle, clock, logs, engine, projector, mails, settle,
    token: async (username) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      return (res.json() as { accessToken: string }).accessToken;
    },
    async close() {
      own?.stop();
      await app.close();
      await handle.close();
    },
  };
}

/** Deploys a shipped process, adds a catalogue row for it, receives a dossier through the API and starts its instance. */
export async function receiveDossier(w: WorkersApp, fileId: string, extra: Record<string, unknown> = {}): Promise<{ code: string; id: string; instanceKey: string }> {
  const processId = `motcua-${fileId}`;
  await w.engine.deployResources([{ name: `${fileId}.bpmn`, content: readFileSync(new URL(`../../processes/${fileId}.bpmn`, import.meta.url), 'utf8') }]);
  const procedureId = `wt-${fileId}`;
  await w.handle.db.insertInto('procedures').values({
    id: procedureId, name_vi: `Thủ tục ${fileId}`, name_en: fileId, field: 'Thử nghiệm', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
    online_level: 'full', process_id: processId, form_schema_id: fileId, extra: JSON.stringify(extra),
  }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const formData = JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${fileId}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const res = await w.app.inject({
    method: 'POST', url: '/api/dossiers', headers: { authorization: `Bearer ${await w.token('reception')}` },
    payload: { procedureId, channel: 'in_person', formData },
  });
  if (res.statusCode !== 201) throw new Error(`dossier not received: ${res.body}`);
  const { code } = res.json() as { code: string };
  await w.settle();
  const row = await w.handle.db.selectFrom('dossiers').select(['id', 'process_instance_key', 'received_at', 'receiving_agency_id', 'channel']).where('code', '=', code).executeTakeFirstOrThrow();
  let instanceKey = row.process_instance_key;
  if (!instanceKey) {
    const ref = await w.engine.createProcessInstance({ bpmnProcessId: processId, variables: { dossierCode: code, dossierId: row.id, procedureId, agencyId: row.receiving_agency_id, channel: row.channel, receivedAt: row.received_at?.toISOString() } });
    instanceKey = ref.processInstanceKey;
  }
  await w.settle();
  return { code, id: row.id, instanceKey };
}

/** Accepts the dossier at reception (the engine bridge may already have done it for a counter dossier). */
export async function acceptReception(w: WorkersApp, instanceKey: string): Promise<void> {
  const open = await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' });
  if (open.some((t) => t.elementId === 'Task_reception')) await completeTask(w, instanceKey, 'Task_reception', { reception: { outcome: 'accept' } });
}

/** Completes the one open user task of an element, then settles. */
export async function completeTask(w: WorkersApp, instanceKey: string, elementId: string, variables: Record<string, unknown>): Promise<void> {
  const [task] = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' })).filter((t) => t.elementId === elementId);
  if (!task) throw new Error(`no open task ${elementId}`);
  await w.engine.completeUserTask(task.key, variables);
  await w.settle();
}

/** Sets the clock (an instant with offset), fires what is due, runs the sweep. */
export async function at(w: WorkersApp, instant: string): Promise<void> {
  w.clock.set(instant);
  await w.settle();
  await w.app.workers.sweep!.runOnce();
  await w.settle();
}

/** The user id of a demo username. */
export async function userId(w: WorkersApp, username: string): Promise<string> {
  return (await w.handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** Delivered notifications as `kind→username`, in order of delivery (of one dossier, when given). */
export async function delivered(w: WorkersApp, dossierCode?: string): Promise<string[]> {
  let q = w.handle.db.selectFrom('notifications').leftJoin('users', 'users.id', 'notifications.user_id')
    .select(['notifications.kind', 'users.username']).where('notifications.delivered_at', 'is not', null);
  if (dossierCode) q = q.where('notifications.dossier_code', '=', dossierCode);
  const rows = await q.orderBy('notifications.delivered_at').orderBy('notifications.id').execute();
  return rows.map((r) => `${r.kind}→${r.username ?? 'applicant'}`);
}

export { HOUR };
