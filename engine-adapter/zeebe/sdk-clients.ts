/**
 * Builds the @camunda8/sdk clients from a validated configuration. Everything is passed explicitly;
 * the SDK's own retry loop is switched off (see `retry.ts`) and its logging silenced.
 */
import { Auth, Camunda8, type Zeebe } from '@camunda8/sdk';
import type { ResolvedZeebeConfig, ZeebeAuth } from './config.ts';

/** Supplies the authorization header of a request (gRPC metadata or HTTP header). */
export interface HeadersProvider {
  getHeaders(audience: 'ZEEBE'): Promise<Record<string, string>>;
}

/** The SDK objects the adapter uses. */
export interface SdkClients {
  camunda: Camunda8;
  zeebe: Zeebe.ZeebeGrpcClient;
  auth: HeadersProvider;
}

/** The SDK's auth provider for our auth settings (also used for the REST calls). */
export function createAuthProvider(auth: ZeebeAuth): HeadersProvider {
  switch (auth.strategy) {
    case 'NONE':
      return new Auth.NullAuthProvider() as HeadersProvider;
    case 'BASIC':
      return new Auth.BasicAuthProvider({ config: { CAMUNDA_BASIC_AUTH_USERNAME: auth.username, CAMUNDA_BASIC_AUTH_PASSWORD: auth.password } }) as HeadersProvider;
    case 'BEARER':
      return new Auth.BearerAuthProvider({ config: { CAMUNDA_OAUTH_TOKEN: auth.token } }) as HeadersProvider;
    case 'OAUTH':
      return new Auth.OAuthProvider({
        config: {
          CAMUNDA_OAUTH_URL: auth.url, ZEEBE_CLIENT_ID: auth.clientId, ZEEBE_CLIENT_SECRET: auth.clientSecret,
          CAMUNDA_ZEEBE_OAUTH_AUDIENCE: auth.audience, CAMUNDA_OAUTH_FAIL_ON_ERROR: true, CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
        },
      }) as unknown as HeadersProvider;
  }
}

/** The SDK configuration: plaintext for `grpc://`, TLS for `grpcs://`, no SDK retries, no SDK logs. */
export function sdkConfiguration(config: ResolvedZeebeConfig): Record<string, unknown> {
  return {
    ZEEBE_GRPC_ADDRESS: config.grpcAddress,
    ZEEBE_REST_ADDRESS: config.restAddress,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: {
      ZEEBE_GRPC_CLIENT_RETRY: false,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: 0,
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 50,
      GRPC_INITIAL_RECONNECT_BACKOFF_MS: String(config.retryBackoff.initialMs),
      GRPC_MAX_RECONNECT_BACKOFF_MS: String(config.retryBackoff.maxMs),
      GRPC_MIN_RECONNECT_BACKOFF_MS: String(config.retryBackoff.initialMs),
    },
  };
}

/** Creates the SDK clients; nothing connects until the first call. */
export function createSdkClients(config: ResolvedZeebeConfig): SdkClients {
  const auth = createAuthProvider(config.auth);
  const camunda = new Camunda8({ ...sdkConfiguration(config), oAuthProvider: auth } as ConstructorParameters<typeof Camunda8>[0], { defaultCached: false });
  return { camunda, zeebe: camunda.getZeebeGrpcApiClient(), auth };
}

/**
 * The SDK's internal gRPC client of the gateway service (SDK 8.8: one `<rpc>Sync` method per RPC and
 * `streamActivatedJobsStream`), when it has `method`; undefined if a later SDK changed it. The one place
 * that reaches into it, for what the public API cannot send (a job stream we reopen ourselves, creation
 * by `processDefinitionKey`).
 */
export async function sdkInternalGrpc<T extends object>(zeebe: Zeebe.ZeebeGrpcClient, method: keyof T & string): Promise<T | undefined> {
  const client = await (zeebe as unknown as { grpc?: Promise<Record<string, unknown> | undefined> }).grpc;
  return typeof client?.[method] === 'function' ? (client as T) : undefined;
}

/** Longest wait for the SDK to close its channels (it can wait on calls the gateway never answers). */
const CLOSE_TIMEOUT_MS = 5_000;

type ChannelHolder = { client?: { getChannel(): unknown } } | undefined;

/** Clears the connectivity-watcher timers left on a closed grpc-js channel. */
function clearChannelWatchers(holder: ChannelHolder): void {
  try {
    const channel = holder?.client?.getChannel() as { internalChannel?: { connectivityStateWatchers?: { timer?: NodeJS.Timeout | null }[] } } | undefined;
    const watchers = channel?.internalChannel?.connectivityStateWatchers ?? [];
    for (const w of watchers) if (w.timer) clearTimeout(w.timer);
    watchers.length = 0;
  } catch {
    // Internals changed: at worst the process exits up to 10 s later.
  }
}

/**
 * Closes the SDK clients. Works around a grpc-js race: a channel closed while it is still connecting
 * (an unreachable gateway) re-arms the SDK's `waitForReady` watcher, whose 10 s timer then keeps the
 * process alive. After closing, such timers left on the command channel and the job-stream channel
 * are cleared. Defensive: reaches into SDK and grpc-js internals and does nothing if their shape differs.
 */
export async function closeSdkClients(clients: SdkClients): Promise<void> {
  const zb = clients.zeebe as unknown as { grpc?: Promise<ChannelHolder>; streamWorker?: { grpcClient?: ChannelHolder } };
  const holders = [await zb.grpc, zb.streamWorker?.grpcClient];
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => { timer = setTimeout(resolve, CLOSE_TIMEOUT_MS).unref(); });
  await Promise.race([clients.camunda.closeAllClients(), bound]);
  clearTimeout(timer);
  for (const holder of holders) clearChannelWatchers(holder);
}
