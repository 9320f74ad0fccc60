/**
 * What the adapter needs from @camunda8/sdk beyond its public API, checked before it is used:
 * - the exact SDK version it was written against (pinned in package.json) and the SDK's internal gRPC
 *   client with the two methods the public API cannot replace (`createProcessInstanceSync` — creation by
 *   `processDefinitionKey` — and `streamActivatedJobsStream`, a job stream we reopen ourselves). A later
 *   SDK without them stops the start with one line naming what is missing, never a silent fallback;
 * - the SDK's own environment variables: it merges `process.env` into every client's settings, so a
 *   variable set for another tool (`CAMUNDA_TENANT_ID`, `ZEEBE_INSECURE_CONNECTION`, …) would change the
 *   adapter's behaviour behind its configuration. The adapter passes what it relies on explicitly; any
 *   other SDK variable found in the environment is named in a warning at creation.
 */
import { createRequire } from 'node:module';
import { CamundaEnvironmentVariables } from '@camunda8/sdk/dist/lib/Configuration.js';
import type { Zeebe } from '@camunda8/sdk';
import { ZeebeConfigError } from './errors.ts';
import { sdkInternalGrpc } from './sdk-clients.ts';

/** The SDK version whose internals the adapter uses (package.json pins it exactly). */
export const REQUIRED_SDK_VERSION = '8.8.13';

/** The internal gRPC client's methods the adapter calls. */
export const REQUIRED_INTERNAL_METHODS = ['createProcessInstanceSync', 'streamActivatedJobsStream'] as const;

/** The installed SDK's version. */
export function installedSdkVersion(): string {
  return (createRequire(import.meta.url)('@camunda8/sdk/package.json') as { version: string }).version;
}

/** Throws a configuration error naming the SDK version and every internal method it lacks. */
export async function assertSdkInternals(zeebe: Zeebe.ZeebeGrpcClient, version = installedSdkVersion()): Promise<void> {
  const missing: string[] = [];
  for (const method of REQUIRED_INTERNAL_METHODS) if (!(await sdkInternalGrpc(zeebe, method))) missing.push(method);
  if (!missing.length) return;
  throw new ZeebeConfigError([{
    field: '@camunda8/sdk',
    message: `${version} lacks ${missing.join(', ')} in its internal gRPC client; motcua's Zeebe adapter needs @camunda8/sdk ${REQUIRED_SDK_VERSION} (npm install @camunda8/sdk@${REQUIRED_SDK_VERSION})`,
  }]);
}

/** Settings the adapter passes to the SDK itself (`sdk-clients.ts`): the environment cannot change them. */
const PASSED = new Set([
  'ZEEBE_GRPC_ADDRESS', 'ZEEBE_REST_ADDRESS', 'CAMUNDA_AUTH_STRATEGY', 'CAMUNDA_LOG_LEVEL', 'ZEEBE_GRPC_CLIENT_RETRY',
  'ZEEBE_GRPC_CLIENT_MAX_RETRIES', 'ZEEBE_GRPC_CLIENT_EAGER_CONNECT', 'ZEEBE_CLIENT_LOG_LEVEL', 'ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS',
  'GRPC_INITIAL_RECONNECT_BACKOFF_MS', 'GRPC_MAX_RECONNECT_BACKOFF_MS', 'GRPC_MIN_RECONNECT_BACKOFF_MS',
  // Also motcua's own variables, with the same meaning: the adapter passes their values to the OAuth provider.
  'ZEEBE_CLIENT_ID', 'ZEEBE_CLIENT_SECRET',
]);

/** The SDK's environment variables set in `env` that the adapter does not pass itself (they would be merged). */
export function sdkEnvironmentLeaks(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(CamundaEnvironmentVariables).filter((name) => env[name] !== undefined && env[name] !== '' && !PASSED.has(name)).sort();
}
