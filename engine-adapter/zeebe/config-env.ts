/** Reads the Zeebe adapter configuration from `ZEEBE_*` environment variables. */
import { validateZeebeConfig, ZEEBE_DEFAULTS, type ConfigFieldError, type ZeebeAuth, type ZeebeEngineConfig } from './config.ts';

/** The environment variables read by {@link zeebeConfigFromEnv}, with their defaults and meaning. */
export const ZEEBE_ENV_VARIABLES = {
  ZEEBE_GRPC_ADDRESS: { default: 'grpc://localhost:26500', doc: 'Zeebe gateway (grpc:// plaintext, grpcs:// TLS)' },
  ZEEBE_REST_ADDRESS: { default: 'http://localhost:8080', doc: 'Orchestration Cluster REST API base (user tasks, incidents, read models)' },
  ZEEBE_AUTH: { default: 'none', doc: 'none | oauth | basic | bearer' },
  ZEEBE_CLIENT_ID: { default: undefined, doc: 'OAuth client id (oauth)' },
  ZEEBE_CLIENT_SECRET: { default: undefined, doc: 'OAuth client secret (oauth)' },
  ZEEBE_OAUTH_URL: { default: undefined, doc: 'OAuth token endpoint (oauth)' },
  ZEEBE_AUDIENCE: { default: undefined, doc: 'OAuth audience of the token (oauth)' },
  ZEEBE_USERNAME: { default: undefined, doc: 'user name (basic)' },
  ZEEBE_PASSWORD: { default: undefined, doc: 'password (basic)' },
  ZEEBE_BEARER_TOKEN: { default: undefined, doc: 'token sent as-is, never renewed (bearer)' },
  ZEEBE_REQUEST_TIMEOUT_MS: { default: String(ZEEBE_DEFAULTS.requestTimeoutMs), doc: 'deadline of one gRPC or REST request, ms' },
  ZEEBE_MAX_RETRIES: { default: String(ZEEBE_DEFAULTS.maxRetries), doc: 'retries of a transiently failed request (UNAVAILABLE, backpressure, HTTP 502/503/504)' },
  ZEEBE_RETRY_BACKOFF_MS: { default: String(ZEEBE_DEFAULTS.retryBackoff.initialMs), doc: 'first retry delay, ms; doubles each retry' },
  ZEEBE_RETRY_MAX_BACKOFF_MS: { default: String(ZEEBE_DEFAULTS.retryBackoff.maxMs), doc: 'longest retry delay, ms' },
} as const;

/** Field names of the config mapped to the variable that sets them, to name variables in errors. */
const FIELD_TO_VARIABLE: Record<string, string> = {
  grpcAddress: 'ZEEBE_GRPC_ADDRESS', restAddress: 'ZEEBE_REST_ADDRESS', 'auth.strategy': 'ZEEBE_AUTH',
  'auth.url': 'ZEEBE_OAUTH_URL', 'auth.clientId': 'ZEEBE_CLIENT_ID', 'auth.clientSecret': 'ZEEBE_CLIENT_SECRET',
  'auth.audience': 'ZEEBE_AUDIENCE', 'auth.username': 'ZEEBE_USERNAME', 'auth.password': 'ZEEBE_PASSWORD', 'auth.token': 'ZEEBE_BEARER_TOKEN',
  requestTimeoutMs: 'ZEEBE_REQUEST_TIMEOUT_MS', maxRetries: 'ZEEBE_MAX_RETRIES',
  'retryBackoff.initialMs': 'ZEEBE_RETRY_BACKOFF_MS', 'retryBackoff.maxMs': 'ZEEBE_RETRY_MAX_BACKOFF_MS',
};

/** Outcome of {@link zeebeConfigFromEnv}: a valid config, or the errors naming each variable at fault. */
export type ZeebeEnvResult = { ok: true; config: ZeebeEngineConfig } | { ok: false; errors: ConfigFieldError[] };

type Env = Record<string, string | undefined>;

function read(env: Env, name: keyof typeof ZEEBE_ENV_VARIABLES): string | undefined {
  const v = env[name]?.trim();
  return v === '' || v === undefined ? ZEEBE_ENV_VARIABLES[name].default : v;
}

function readInt(env: Env, name: keyof typeof ZEEBE_ENV_VARIABLES, errors: ConfigFieldError[]): number | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) {
    errors.push({ field: name, message: `'${raw}' is not a non-negative integer` });
    return undefined;
  }
  return Number(raw);
}

function readAuth(env: Env, errors: ConfigFieldError[]): ZeebeAuth | undefined {
  const kind = read(env, 'ZEEBE_AUTH')!.toLowerCase();
  if (kind === 'none') return { strategy: 'NONE' };
  if (kind === 'oauth') {
    return { strategy: 'OAUTH', url: read(env, 'ZEEBE_OAUTH_URL') ?? '', clientId: read(env, 'ZEEBE_CLIENT_ID') ?? '', clientSecret: read(env, 'ZEEBE_CLIENT_SECRET') ?? '', audience: read(env, 'ZEEBE_AUDIENCE') ?? '' };
  }
  if (kind === 'basic') return { strategy: 'BASIC', username: read(env, 'ZEEBE_USERNAME') ?? '', password: read(env, 'ZEEBE_PASSWORD') ?? '' };
  if (kind === 'bearer') return { strategy: 'BEARER', token: read(env, 'ZEEBE_BEARER_TOKEN') ?? '' };
  errors.push({ field: 'ZEEBE_AUTH', message: `'${kind}' must be none, oauth, basic or bearer` });
  return undefined;
}

/**
 * Builds a {@link ZeebeEngineConfig} from `ZEEBE_*` variables (see {@link ZEEBE_ENV_VARIABLES}).
 * Every error names the variable at fault, e.g. `{ field: 'ZEEBE_CLIENT_ID', message: 'is required with OAUTH' }`.
 */
export function zeebeConfigFromEnv(env: Env): ZeebeEnvResult {
  const errors: ConfigFieldError[] = [];
  const auth = readAuth(env, errors);
  const initialMs = readInt(env, 'ZEEBE_RETRY_BACKOFF_MS', errors);
  const maxMs = readInt(env, 'ZEEBE_RETRY_MAX_BACKOFF_MS', errors);
  const config: ZeebeEngineConfig = {
    grpcAddress: read(env, 'ZEEBE_GRPC_ADDRESS')!,
    restAddress: read(env, 'ZEEBE_REST_ADDRESS')!,
    auth: auth ?? { strategy: 'NONE' },
    requestTimeoutMs: readInt(env, 'ZEEBE_REQUEST_TIMEOUT_MS', errors),
    maxRetries: readInt(env, 'ZEEBE_MAX_RETRIES', errors),
    retryBackoff: { initialMs: initialMs ?? ZEEBE_DEFAULTS.retryBackoff.initialMs, maxMs: maxMs ?? ZEEBE_DEFAULTS.retryBackoff.maxMs },
  };
  const readErrors = new Set(errors.map((e) => e.field));
  for (const e of validateZeebeConfig(config)) {
    const variable = FIELD_TO_VARIABLE[e.field] ?? e.field;
    if (!readErrors.has(variable)) errors.push({ field: variable, message: e.message });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}
