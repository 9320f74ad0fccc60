/**
 * The one configuration module. Every environment variable the system reads is declared here:
 * typed, defaulted, documented (the README table is generated from the same list) and validated
 * with ajv at start. A bad value stops the process with one line naming the variable.
 */
import { Ajv } from 'ajv';
import { checkDossierCodeFormat } from './domain/dossier/code.ts';
import { zeebeConfigFromEnv } from '../engine-adapter/zeebe/config-env.ts';
import type { ZeebeEngineConfig } from '../engine-adapter/zeebe/config.ts';

/** Typed configuration, derived from the environment. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | null;
  databasePoolSize: number;
  databaseIdleSeconds: number;
  databasePreparedStatements: boolean;
  dataDir: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  loginMaxFailures: number;
  loginMaxFailuresPerIp: number;
  loginLockSeconds: number;
  rateLimitPublicPerMinute: number;
  bodyLimitBytes: number;
  documentMaxBytes: number;
  dossierCodeFormat: string;
  demoPassword: string;
  demoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  workersInProcess: boolean;
  smtpUrl: string | null;
  smtpFrom: string;
  smsProvider: 'demo' | 'none';
  webhookMaxAttempts: number;
  webhookBackoffMs: number;
  slaSweepSeconds: number;
  retentionDays: number;
  retentionMinutes: number;
  outboxLeaseSeconds: number;
  shutdownGraceSeconds: number;
  alertsPollMs: number;
  publicBaseUrl: string;
  engine: 'embedded' | 'zeebe';
  /** The Zeebe adapter's settings (`ZEEBE_*`, see docs/ZEEBE.md) when `ENGINE=zeebe`. */
  zeebe: ZeebeEngineConfig | null;
}

interface VarSpec {
  key: keyof Config;
  type: 'string' | 'integer' | 'boolean';
  default: string | null | ((env: NodeJS.ProcessEnv) => string | null);
  doc: string;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
}

const DEV_JWT_SECRET = 'motcua-development-secret-change-me-0123456789';

/** Every variable, in the order the README lists them. */
export const CONFIG_VARS: Record<string, VarSpec> = {
  NODE_ENV: { key: 'nodeEnv', type: 'string', default: 'development', enum: ['development', 'production', 'test'], doc: '`production` disables demo data and default secrets.' },
  PORT: { key: 'port', type: 'integer', default: '3000', minimum: 0, maximum: 65535, doc: 'HTTP port of the API and UI.' },
  HOST: { key: 'host', type: 'string', default: '0.0.0.0', doc: 'Address to listen on.' },
  DATABASE_URL: { key: 'databaseUrl', type: 'string', default: null, doc: 'PostgreSQL connection string. Unset: embedded PGlite under `DATA_DIR`.' },
  DATABASE_POOL_SIZE: { key: 'databasePoolSize', type: 'integer', default: '10', minimum: 1, maximum: 500, doc: 'PostgreSQL connections the server opens at most (with `DATABASE_URL`).' },
  DATABASE_IDLE_SECONDS: {
    key: 'databaseIdleSeconds', type: 'integer', default: '600', minimum: 0,
    doc: 'How long an unused PostgreSQL connection stays open (0: until the server stops). A new connection is slow for its first statements (PostgreSQL plans them and compiles the triggers anew): closing them after a few seconds made every burst after a quiet moment pay that again.',
  },
  DATABASE_PREPARED_STATEMENTS: {
    key: 'databasePreparedStatements', type: 'boolean', default: 'true',
    doc: 'Send the statements of the hot path (the engine, the outbox, the reception, the task projection: rows found by key) as named prepared statements (with `DATABASE_URL`): PostgreSQL parses and plans each once per connection instead of at every execution. Lists and searches are planned for their values each time. `false` behind a pooler in transaction mode (PgBouncer before 1.21), which cannot keep them.',
  },
  DATA_DIR: { key: 'dataDir', type: 'string', default: './data', minLength: 1, doc: 'Directory for the embedded database and stored documents.' },
  JWT_SECRET: {
    key: 'jwtSecret', type: 'string', minLength: 32,
    default: (env) => (env.NODE_ENV === 'production' ? null : DEV_JWT_SECRET),
    doc: 'Secret that signs access tokens (at least 32 characters). Required in production.',
  },
  ACCESS_TOKEN_TTL_SECONDS: { key: 'accessTokenTtlSeconds', type: 'integer', default: '900', minimum: 30, maximum: 86400, doc: 'Lifetime of an access token.' },
  REFRESH_TOKEN_TTL_SECONDS: { key: 'refreshTokenTtlSeconds', type: 'integer', default: '604800', minimum: 60, doc: 'Lifetime of a refresh token (rotates on every use).' },
  LOGIN_MAX_FAILURES: { key: 'loginMaxFailures', type: 'integer', default: '5', minimum: 1, maximum: 100, doc: 'Failed logins for one username before it is throttled (429).' },
  LOGIN_MAX_FAILURES_PER_IP: { key: 'loginMaxFailuresPerIp', type: 'integer', default: '50', minimum: 1, maximum: 10000, doc: 'Failed logins from one client address (any usernames) before the address is throttled (429). Higher than the per-user limit: a whole office may share one address.' },
  LOGIN_LOCK_SECONDS: { key: 'loginLockSeconds', type: 'integer', default: '900', minimum: 1, doc: 'How long a throttled username or client address waits.' },
  RATE_LIMIT_PUBLIC_PER_MINUTE: { key: 'rateLimitPublicPerMinute', type: 'integer', default: '60', minimum: 1, doc: 'Requests per minute per client address on login and public routes.' },
  BODY_LIMIT_BYTES: { key: 'bodyLimitBytes', type: 'integer', default: '1048576', minimum: 1024, doc: 'Largest JSON request body (413 above it).' },
  DOCUMENT_MAX_BYTES: { key: 'documentMaxBytes', type: 'integer', default: '20971520', minimum: 1024, doc: 'Largest uploaded document (413 above it). Allowed types: PDF, JPEG, PNG, TIFF.' },
  DOSSIER_CODE_FORMAT: { key: 'dossierCodeFormat', type: 'string', default: '{agency}-{yymmdd}-{seq4}', minLength: 5, doc: 'Dossier code pattern (Decree 118 Art. 28): tokens `{agency}`, `{yymmdd}` or `{yyyymmdd}` (or `{yy}{mm}{dd}`), `{seqN}`.' },
  DEMO_PASSWORD: { key: 'demoPassword', type: 'string', default: 'motcua-demo', minLength: 8, doc: 'Password of the demo users (development only).' },
  DEMO_DATA: {
    key: 'demoData', type: 'boolean',
    default: (env) => (env.NODE_ENV === 'production' ? 'false' : 'true'),
    doc: 'Create the demo province, agencies and users on a fresh database. Always off in production.',
  },
  LOG_LEVEL: { key: 'logLevel', type: 'string', default: 'info', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], doc: 'Log level (pino).' },
  ENGINE: { key: 'engine', type: 'string', default: 'embedded', enum: ['embedded', 'zeebe'], doc: 'Workflow engine: `embedded` (in the database, nothing to install) or `zeebe` (a Camunda 8.8 cluster; its `ZEEBE_*` variables are in [docs/ZEEBE.md](docs/ZEEBE.md)).' },
  WORKERS_IN_PROCESS: { key: 'workersInProcess', type: 'boolean', default: 'true', doc: 'Run the workers (SLA, handoff, notifications, outbox, sweep) inside the API process; `false` when `npm run workers` runs them apart.' },
  SMTP_URL: { key: 'smtpUrl', type: 'string', default: null, doc: 'SMTP URL for notification e-mails (nodemailer, e.g. `smtps://user:pass@mail.example.vn`). Unset: no e-mail, in-app only.' },
  SMTP_FROM: { key: 'smtpFrom', type: 'string', default: 'Một cửa <no-reply@motcua.local>', minLength: 3, doc: 'Sender address of notification e-mails.' },
  SMS_PROVIDER: {
    key: 'smsProvider', type: 'string', enum: ['demo', 'none'],
    default: (env) => (env.NODE_ENV === 'production' ? 'none' : 'demo'),
    doc: 'SMS to applicants: `demo` writes each message to the log (the number and the lookup PIN masked), `none` sends none. Default `demo`, `none` in production; a province plugs its gateway (see "Thông báo cho người nộp").',
  },
  WEBHOOK_MAX_ATTEMPTS: { key: 'webhookMaxAttempts', type: 'integer', default: '8', minimum: 1, maximum: 100, doc: 'Attempts of a handoff webhook (and other outbox events) before it is dead-lettered and the handoff marked failed.' },
  WEBHOOK_BACKOFF_MS: { key: 'webhookBackoffMs', type: 'integer', default: '1000', minimum: 1, doc: 'First retry delay of a failed webhook, doubled on each attempt (at most 1 hour).' },
  SLA_SWEEP_SECONDS: { key: 'slaSweepSeconds', type: 'integer', default: '60', minimum: 1, doc: 'Period of the SLA sweep: task statuses (in time / due soon / overdue), deferred notifications and the online review alerts.' },
  RETENTION_DAYS: { key: 'retentionDays', type: 'integer', default: '180', minimum: 1, maximum: 3650, doc: 'Handled outbox events, the element history of finished process instances, the user-task event feed and expired engine messages are deleted once older than this (dossiers, their history and the audit log are kept).' },
  RETENTION_MINUTES: { key: 'retentionMinutes', type: 'integer', default: '10', minimum: 1, doc: 'How often the retention worker deletes a bounded number of old rows (in batches of 500).' },
  OUTBOX_LEASE_SECONDS: { key: 'outboxLeaseSeconds', type: 'integer', default: '10', minimum: 1, maximum: 3600, doc: 'How long an outbox event claimed by a process is reserved for it (renewed every third of it while its handler runs): after a crash, the events the dead process held are taken up again within this time of the restart.' },
  SHUTDOWN_GRACE_SECONDS: { key: 'shutdownGraceSeconds', type: 'integer', default: '30', minimum: 1, maximum: 600, doc: 'On SIGTERM or SIGINT the server stops taking work, waits for the work in flight, then closes the engine and the database; if that has not ended within this time, it logs what it was doing and exits anyway (code 1).' },
  ALERTS_POLL_MS: { key: 'alertsPollMs', type: 'integer', default: '2000', minimum: 10, doc: 'How often an open alert stream (SSE) checks for notifications written by a separate worker process.' },
  PUBLIC_BASE_URL: { key: 'publicBaseUrl', type: 'string', default: 'http://localhost:3000', minLength: 8, doc: 'Public base URL of the API; the callback address of a handoff webhook and the lookup link of form 01 (its QR code, `<url>/tra-cuu?ma=CODE`) are built from it.' },
};

/** Raised when the environment is invalid; its message is the one line printed at start. */
export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

function propertySchema(spec: VarSpec): Record<string, unknown> {
  if (spec.type === 'integer') return { type: 'integer', minimum: spec.minimum, maximum: spec.maximum };
  if (spec.type === 'boolean') return { type: 'boolean' };
  return { type: 'string', enum: spec.enum, minLength: spec.minLength };
}

const ajv = new Ajv({ allErrors: false, coerceTypes: true, strict: false });
const validate = ajv.compile({
  type: 'object',
  properties: Object.fromEntries(Object.entries(CONFIG_VARS).map(([name, spec]) => [name, propertySchema(spec)])),
});

function reasonOf(spec: VarSpec, keyword: string): string {
  switch (keyword) {
    case 'type': return `must be ${spec.type === 'integer' ? 'an integer' : spec.type === 'boolean' ? 'true or false' : 'a string'}`;
    case 'enum': return `must be one of: ${spec.enum?.join(', ')}`;
    case 'minimum': return `must be at least ${spec.minimum}`;
    case 'maximum': return `must be at most ${spec.maximum}`;
    case 'minLength': return `must be at least ${spec.minLength} characters long`;
    default: return 'is invalid';
  }
}

/**
 * Reads and validates the configuration from an environment (default `process.env`).
 * @throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_VARS)) {
    const given = env[name];
    const value = given !== undefined && given !== '' ? given : typeof spec.default === 'function' ? spec.default(env) : spec.default;
    if (value === null) continue;
    raw[name] = value;
  }
  if (!validate(raw)) {
    const err = validate.errors![0]!;
    const name = err.instancePath.replace(/^\//, '');
    throw new ConfigError(name, reasonOf(CONFIG_VARS[name]!, err.keyword));
  }
  if (raw.JWT_SECRET === undefined) throw new ConfigError('JWT_SECRET', 'is required in production (at least 32 characters)');
  if (raw.NODE_ENV === 'production' && raw.JWT_SECRET === DEV_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'must not be the development default in production');
  }
  try {
    checkDossierCodeFormat(String(raw.DOSSIER_CODE_FORMAT));
  } catch (err) {
    throw new ConfigError('DOSSIER_CODE_FORMAT', `is invalid: ${(err as Error).message}`);
  }
  const config = {} as Record<string, unknown>;
  for (const [name, spec] of Object.entries(CONFIG_VARS)) config[spec.key] = raw[name] ?? null;
  if (config.nodeEnv === 'production') config.demoData = false;
  config.zeebe = null;
  if (config.engine === 'zeebe') {
    const zeebe = zeebeConfigFromEnv(env);
    if (!zeebe.ok) throw new ConfigError(zeebe.errors[0]!.field, zeebe.errors[0]!.message);
    config.zeebe = zeebe.config;
  }
  return config as unknown as Config;
}
