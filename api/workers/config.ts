/**
 * Configuration of the workers. The integrator reads these variables in `api/config.ts` and
 * passes a {@link WorkersConfig} to the workers plugin and to `main.ts`; {@link workersConfigFromEnv}
 * reads them directly until then (and for `npm run workers`).
 */

/** What the workers need from the configuration. */
export interface WorkersConfig {
  /** Run the job workers, the outbox consumer and the sweep inside the API process. */
  workersInProcess: boolean;
  /** SMTP connection URL (nodemailer); null: no e-mail. */
  smtpUrl: string | null;
  /** Sender of notification e-mails. */
  smtpFrom: string;
  /** Attempts of an outbox event (webhook, e-mail, message) before it is dead-lettered. */
  webhookMaxAttempts: number;
  /** First retry delay of a failed outbox event, in ms; doubles on each attempt. */
  webhookBackoffMs: number;
  /** Period of the SLA sweep (task statuses, deferred notifications), in seconds. */
  slaSweepSeconds: number;
  /** How often an open alert stream looks for notifications written by another process, in ms. */
  alertsPollMs: number;
  /** Public base URL of the API, used in the callback address sent with a webhook. */
  publicBaseUrl: string;
}

/** Every variable: name, type, default, documentation (for the README table). */
export const WORKERS_CONFIG_VARS = [
  { name: 'WORKERS_IN_PROCESS', key: 'workersInProcess', type: 'boolean', default: 'true', doc: 'Run the workers (SLA, handoff, notifications, outbox, sweep) inside the API process; `false` when `npm run workers` runs them apart.' },
  { name: 'SMTP_URL', key: 'smtpUrl', type: 'string', default: null, doc: 'SMTP URL for notification e-mails (nodemailer, e.g. `smtps://user:pass@mail.example.vn`). Unset: no e-mail, in-app only.' },
  { name: 'SMTP_FROM', key: 'smtpFrom', type: 'string', default: 'Một cửa <no-reply@motcua.local>', doc: 'Sender address of notification e-mails.' },
  { name: 'WEBHOOK_MAX_ATTEMPTS', key: 'webhookMaxAttempts', type: 'integer', default: '8', doc: 'Attempts of a handoff webhook (and other outbox events) before it is dead-lettered and the handoff marked failed.' },
  { name: 'WEBHOOK_BACKOFF_MS', key: 'webhookBackoffMs', type: 'integer', default: '1000', doc: 'First retry delay of a failed webhook, doubled on each attempt (at most 1 hour).' },
  { name: 'SLA_SWEEP_SECONDS', key: 'slaSweepSeconds', type: 'integer', default: '60', doc: 'Period of the SLA sweep: task statuses (in time / due soon / overdue) and deferred notifications.' },
  { name: 'ALERTS_POLL_MS', key: 'alertsPollMs', type: 'integer', default: '2000', doc: 'How often an open alert stream (SSE) checks for notifications written by a separate worker process.' },
  { name: 'PUBLIC_BASE_URL', key: 'publicBaseUrl', type: 'string', default: 'http://localhost:3000', doc: 'Public base URL of the API; the callback address of a handoff webhook is built from it.' },
] as const;

/** The defaults. */
export const DEFAULT_WORKERS_CONFIG: WorkersConfig = Object.freeze({
  workersInProcess: true,
  smtpUrl: null,
  smtpFrom: 'Một cửa <no-reply@motcua.local>',
  webhookMaxAttempts: 8,
  webhookBackoffMs: 1000,
  slaSweepSeconds: 60,
  alertsPollMs: 2000,
  publicBaseUrl: 'http://localhost:3000',
});

/** Reads the variables from an environment (missing or empty → default). */
export function workersConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkersConfig {
  const out: Record<string, unknown> = { ...DEFAULT_WORKERS_CONFIG };
  for (const v of WORKERS_CONFIG_VARS) {
    const raw = env[v.name];
    if (raw === undefined || raw === '') continue;
    if (v.type === 'boolean') out[v.key] = raw === 'true' || raw === '1';
    else if (v.type === 'integer') {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) throw new Error(`Invalid configuration: ${v.name} must be a positive integer`);
      out[v.key] = n;
    } else out[v.key] = raw;
  }
  return out as unknown as WorkersConfig;
}

/** The workers' part of the application configuration (validated in `api/config.ts`). */
export function workersConfigOf(config: WorkersConfig): WorkersConfig {
  const { workersInProcess, smtpUrl, smtpFrom, webhookMaxAttempts, webhookBackoffMs, slaSweepSeconds, alertsPollMs, publicBaseUrl } = config;
  return { workersInProcess, smtpUrl, smtpFrom, webhookMaxAttempts, webhookBackoffMs, slaSweepSeconds, alertsPollMs, publicBaseUrl };
}
