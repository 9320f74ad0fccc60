/**
 * Configuration of the Zeebe adapter: the type, its defaults, validation, and the reading of
 * `ZEEBE_*` environment variables. The adapter never reads `process.env` itself.
 */

/** How the adapter authenticates to the gateway and the REST API. */
export type ZeebeAuth =
  | { strategy: 'NONE' }
  | { strategy: 'OAUTH'; url: string; clientId: string; clientSecret: string; audience: string }
  | { strategy: 'BASIC'; username: string; password: string }
  /** A token obtained elsewhere, sent as `Authorization: Bearer …`; never renewed by the adapter. */
  | { strategy: 'BEARER'; token: string };

/** Exponential backoff between retries of a transient failure. */
export interface RetryBackoff {
  /** Delay before the first retry, in ms. */
  initialMs: number;
  /** Longest delay between two retries, in ms. */
  maxMs: number;
  /** Growth factor of the delay (default 2). */
  factor?: number;
}

/** Configuration of {@link createZeebeEngine}. */
export interface ZeebeEngineConfig {
  /** Zeebe gateway, `grpc://host:port` (plaintext) or `grpcs://host:port` (TLS). */
  grpcAddress: string;
  /** Orchestration Cluster REST API base, e.g. `http://localhost:8080` (the adapter appends `/v2`). */
  restAddress: string;
  auth: ZeebeAuth;
  /** Deadline of one request (gRPC or REST), in ms (default 10 000). */
  requestTimeoutMs?: number;
  /** Retries of a request that failed transiently (UNAVAILABLE, RESOURCE_EXHAUSTED, HTTP 502/503/504) (default 5). */
  maxRetries?: number;
  /** Backoff between those retries (default 200 ms doubling up to 5 s). */
  retryBackoff?: RetryBackoff;
  /** Deadline of the readiness probe (`Topology`), in ms (default 5 000). */
  readyTimeoutMs?: number;
  /** Interval of the job workers' polling backfill beside the job stream, in ms (default 10 000). */
  workerBackfillIntervalMs?: number;
  /** Interval of the user-task search that produces user-task events, in ms (default 2 000). */
  userTaskPollIntervalMs?: number;
}

/** A configuration with every default applied. */
export type ResolvedZeebeConfig = Required<Omit<ZeebeEngineConfig, 'retryBackoff'>> & { retryBackoff: Required<RetryBackoff> };

/** One invalid field: the config path (or environment variable) and why. */
export interface ConfigFieldError {
  field: string;
  message: string;
}

/** The defaults of the optional fields. */
export const ZEEBE_DEFAULTS = {
  requestTimeoutMs: 10_000,
  maxRetries: 5,
  retryBackoff: { initialMs: 200, maxMs: 5_000, factor: 2 },
  readyTimeoutMs: 5_000,
  workerBackfillIntervalMs: 10_000,
  userTaskPollIntervalMs: 2_000,
} as const;

function checkUrl(value: unknown, field: string, protocols: string[], errors: ConfigFieldError[]): void {
  if (typeof value !== 'string' || value === '') {
    errors.push({ field, message: 'is required' });
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    errors.push({ field, message: `'${value}' is not a URL (expected ${protocols.join(' or ')}//host:port)` });
    return;
  }
  if (!protocols.includes(url.protocol)) errors.push({ field, message: `'${value}' must start with ${protocols.map((p) => `${p}//`).join(' or ')}` });
  else if (!url.hostname) errors.push({ field, message: `'${value}' has no host` });
}

function checkInt(value: unknown, field: string, min: number, errors: ConfigFieldError[]): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) errors.push({ field, message: `must be an integer ≥ ${min}` });
}

function checkAuth(auth: ZeebeAuth | undefined, errors: ConfigFieldError[]): void {
  if (!auth) return void errors.push({ field: 'auth', message: 'is required' });
  const required: Record<string, string[]> = { NONE: [], OAUTH: ['url', 'clientId', 'clientSecret', 'audience'], BASIC: ['username', 'password'], BEARER: ['token'] };
  const fields = required[(auth as { strategy: string }).strategy];
  if (!fields) return void errors.push({ field: 'auth.strategy', message: 'must be NONE, OAUTH, BASIC or BEARER' });
  for (const f of fields) {
    const v = (auth as unknown as Record<string, unknown>)[f];
    if (typeof v !== 'string' || v === '') errors.push({ field: `auth.${f}`, message: `is required with ${auth.strategy}` });
  }
  if (auth.strategy === 'OAUTH' && auth.url) checkUrl(auth.url, 'auth.url', ['http:', 'https:'], errors);
}

/** Validates a configuration; returns the invalid fields (empty when valid). */
export function validateZeebeConfig(config: ZeebeEngineConfig): ConfigFieldError[] {
  const errors: ConfigFieldError[] = [];
  checkUrl(config.grpcAddress, 'grpcAddress', ['grpc:', 'grpcs:'], errors);
  checkUrl(config.restAddress, 'restAddress', ['http:', 'https:'], errors);
  checkAuth(config.auth, errors);
  checkInt(config.requestTimeoutMs, 'requestTimeoutMs', 1, errors);
  checkInt(config.maxRetries, 'maxRetries', 0, errors);
  checkInt(config.readyTimeoutMs, 'readyTimeoutMs', 1, errors);
  checkInt(config.workerBackfillIntervalMs, 'workerBackfillIntervalMs', 1, errors);
  checkInt(config.userTaskPollIntervalMs, 'userTaskPollIntervalMs', 1, errors);
  if (config.retryBackoff) {
    checkInt(config.retryBackoff.initialMs, 'retryBackoff.initialMs', 0, errors);
    checkInt(config.retryBackoff.maxMs, 'retryBackoff.maxMs', 0, errors);
    const f = config.retryBackoff.factor;
    if (f !== undefined && (typeof f !== 'number' || f < 1)) errors.push({ field: 'retryBackoff.factor', message: 'must be a number ≥ 1' });
  }
  return errors;
}

/** Applies the defaults of the optional fields. */
export function resolveZeebeConfig(config: ZeebeEngineConfig): ResolvedZeebeConfig {
  const d = ZEEBE_DEFAULTS;
  return {
    grpcAddress: config.grpcAddress,
    restAddress: config.restAddress.replace(/\/+$/, ''),
    auth: config.auth,
    requestTimeoutMs: config.requestTimeoutMs ?? d.requestTimeoutMs,
    maxRetries: config.maxRetries ?? d.maxRetries,
    retryBackoff: { ...d.retryBackoff, ...config.retryBackoff },
    readyTimeoutMs: config.readyTimeoutMs ?? d.readyTimeoutMs,
    workerBackfillIntervalMs: config.workerBackfillIntervalMs ?? d.workerBackfillIntervalMs,
    userTaskPollIntervalMs: config.userTaskPollIntervalMs ?? d.userTaskPollIntervalMs,
  };
}
