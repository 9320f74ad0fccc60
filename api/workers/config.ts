/**
 * Configuration of the workers: the part of the application configuration (`api/config.ts`, where
 * each variable is declared, validated and documented) that the workers plugin and `main.ts` use.
 */

import { loadConfig } from '../config.ts';

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

/** The workers' part of the application configuration (validated in `api/config.ts`). */
export function workersConfigOf(config: WorkersConfig): WorkersConfig {
  const { workersInProcess, smtpUrl, smtpFrom, webhookMaxAttempts, webhookBackoffMs, slaSweepSeconds, alertsPollMs, publicBaseUrl } = config;
  return { workersInProcess, smtpUrl, smtpFrom, webhookMaxAttempts, webhookBackoffMs, slaSweepSeconds, alertsPollMs, publicBaseUrl };
}

/** The defaults (those of `api/config.ts`). */
export const DEFAULT_WORKERS_CONFIG: WorkersConfig = Object.freeze(workersConfigOf(loadConfig({})));
