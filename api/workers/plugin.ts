/**
 * The workers as a Fastify plugin (`app.workers`): the SLA, handoff and notification job
 * workers, the outbox consumer of their topics (webhooks, engine messages, e-mails) and the SLA
 * sweep. With `workersInProcess` they run inside the API process (started when the app is
 * ready, stopped when it closes); otherwise `npm run workers` (main.ts) runs them. The
 * notification bus of the alert stream is always there.
 */
import fp from 'fastify-plugin';
import nodemailer, { type Transporter } from 'nodemailer';
import { NotificationBus } from '../services/notifications.ts';
import { createOutboxConsumer, type OutboxConsumer } from './outbox-consumer.ts';
import { DEFAULT_WORKERS_CONFIG, type WorkersConfig } from './config.ts';
import type { Worker, WorkerDeps } from './context.ts';
import { createHandoffWorker } from './handoff.ts';
import { createNotifyWorker } from './notify.ts';
import { workerOutboxHandlers } from './outbox-handlers.ts';
import { createSlaWorker } from './sla.ts';
import { createSweep, type Sweep } from './sweep.ts';
import { createRetention, type Retention } from './retention.ts';
import { createReportVerdicts, type ReportVerdicts } from './report-verdicts.ts';
import { smsProviderOf } from '../services/applicant-notify/channels.ts';

/** The running parts (absent when the workers run in another process). */
export interface WorkersHandle {
  config: WorkersConfig;
  bus: NotificationBus;
  mailer: Transporter | null;
  sla?: Worker;
  handoff?: Worker;
  notify?: Worker;
  outbox?: OutboxConsumer;
  sweep?: Sweep;
  retention?: Retention;
  verdicts?: ReportVerdicts;
}

declare module 'fastify' {
  interface FastifyInstance {
    workers: WorkersHandle;
  }
}

export interface WorkersPluginOptions {
  config?: Partial<WorkersConfig>;
  /** Replaces the SMTP transport (tests: nodemailer's `jsonTransport`). */
  mailer?: Transporter;
  /** Start the loops when the app is ready (default true; tests drive them by hand). */
  autoStart?: boolean;
}

/** Creates every worker on the given dependencies (used by the plugin and by main.ts). */
export function createWorkers(deps: WorkerDeps, config: WorkersConfig, bus: NotificationBus, mailer: Transporter | null): Required<Omit<WorkersHandle, 'config' | 'bus' | 'mailer'>> {
  const email = mailer !== null;
  const handlers = workerOutboxHandlers({
    ...deps, bus, mailer, smtpFrom: config.smtpFrom, maxAttempts: config.webhookMaxAttempts, publicBaseUrl: config.publicBaseUrl,
    sms: smsProviderOf(config.smsProvider, deps.log), jwtSecret: config.jwtSecret,
  });
  return {
    sla: createSlaWorker(deps),
    handoff: createHandoffWorker(deps),
    notify: createNotifyWorker({ ...deps, bus, email }),
    outbox: createOutboxConsumer({ db: deps.db, clock: deps.clock, handlers, maxAttempts: config.webhookMaxAttempts, backoffMs: config.webhookBackoffMs, log: deps.log }),
    sweep: createSweep({ ...deps, bus, email, intervalMs: config.slaSweepSeconds * 1000 }),
    retention: createRetention({ ...deps, days: config.retentionDays, intervalMs: config.retentionMinutes * 60_000 }),
    verdicts: createReportVerdicts({ ...deps, intervalMs: config.slaSweepSeconds * 1000 }),
  };
}

export default fp<WorkersPluginOptions>(async (app, opts) => {
  const config = { ...DEFAULT_WORKERS_CONFIG, ...opts.config };
  const mailer = opts.mailer ?? (config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null);
  const handle: WorkersHandle = { config, bus: new NotificationBus(), mailer };
  app.decorate('workers', handle);
  if (config.workersInProcess) {
    const deps: WorkerDeps = { db: app.db, engine: app.engine, calendars: app.calendars, clock: app.clock, policy: app.slaPolicy, log: app.log };
    Object.assign(handle, createWorkers(deps, config, handle.bus, mailer));
    // Job workers poll only once the engine is started; the engine plugin decides when.
    for (const w of [handle.sla, handle.handoff, handle.notify]) w!.start();
    if (opts.autoStart !== false) {
      app.addHook('onReady', async () => {
        handle.outbox!.start();
        handle.sweep!.start();
        handle.retention!.start();
        handle.verdicts!.start();
      });
    }
  }
  app.addHook('onClose', async () => {
    await Promise.all([handle.sla?.stop(), handle.handoff?.stop(), handle.notify?.stop(), handle.outbox?.stop(), handle.sweep?.stop(), handle.retention?.stop(), handle.verdicts?.stop()]);
    mailer?.close();
  });
}, { name: 'workers', dependencies: ['database', 'services', 'engine'] });
