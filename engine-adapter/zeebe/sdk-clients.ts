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
      ZEEBE_INSECURE_CONNECTION: config.grpcAddress.startsWith('grpc://'),
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
