/**
 * Configuration of the workers: the part of the application configuration (`api/config.ts`, where
 * each variable is declared, validated and documented) that the workers plugin and `main.ts` use.
 */

import { loadConfig, type Config } from '../config.ts';

/** What the workers need from the configuration (documented where declared, in `api/config.ts`). */
export type WorkersConfig = Pick<Config, 'workersInProcess' | 'smtpUrl' | 'smtpFrom' | 'smsProvider' | 'jwtSecret' | 'webhookMaxAttempts' | 'webhookBackoffMs' | 'slaSweepSeconds' | 'alertsPollMs' | 'publicBaseUrl' | 'retentionDays' | 'retentionMinutes'>;

/** The workers' part of the application configuration (validated in `api/config.ts`). */
export function workersConfigOf(config: WorkersConfig): WorkersConfig {
  const { workersInProcess, smtpUrl, smtpFrom, smsProvider, jwtSecret, webhookMaxAttempts, webhookBackoffMs, slaSweepSeconds, alertsPollMs, publicBaseUrl, retentionDays, retentionMinutes } = config;
  return { workersInProcess, smtpUrl, smtpFrom, smsProvider, jwtSecret, webhookMaxAttempts, webhookBackoffMs, slaSweepSeconds, alertsPollMs, publicBaseUrl, retentionDays, retentionMinutes };
}

/** The defaults (those of `api/config.ts`). */
export const DEFAULT_WORKERS_CONFIG: WorkersConfig = Object.freeze(workersConfigOf(loadConfig({})));
