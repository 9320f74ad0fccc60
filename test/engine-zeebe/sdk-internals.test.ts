/**
 * The adapter checks what it needs from @camunda8/sdk before using it: its internal gRPC client's methods
 * (a later SDK without them stops the start with one line), the exact version pinned in package.json, and
 * the SDK's own environment variables that would be merged behind the adapter's configuration.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { createZeebeEngine } from '../../engine-adapter/zeebe/index.ts';
import { resolveZeebeConfig } from '../../engine-adapter/zeebe/config.ts';
import { createSdkClients } from '../../engine-adapter/zeebe/sdk-clients.ts';
import { assertSdkInternals, installedSdkVersion, REQUIRED_SDK_VERSION, sdkEnvironmentLeaks } from '../../engine-adapter/zeebe/sdk-internals.ts';

t.test('package.json pins the exact SDK version the adapter was written against, and it is the one installed', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  t.equal(pkg.dependencies['@camunda8/sdk'], REQUIRED_SDK_VERSION);
  t.equal(installedSdkVersion(), REQUIRED_SDK_VERSION);
});

t.test('the installed SDK has the internal gRPC methods; a client without them is refused by name', async (t) => {
  const clients = createSdkClients(resolveZeebeConfig({ grpcAddress: 'grpc://127.0.0.1:9', restAddress: 'http://127.0.0.1:9', auth: { strategy: 'NONE' } }));
  await t.resolves(assertSdkInternals(clients.zeebe));
  const stripped = { grpc: Promise.resolve({ streamActivatedJobsStream: () => undefined }) } as never;
  await t.rejects(assertSdkInternals(stripped, '9.9.9'), { code: 'ENGINE_CONFIG_INVALID', message: /9\.9\.9 lacks createProcessInstanceSync .*needs @camunda8\/sdk 8\.8\.13/ });
  await clients.camunda.closeAllClients();
});

t.test('SDK variables set in the environment that the adapter does not pass are named', async (t) => {
  t.same(sdkEnvironmentLeaks({ CAMUNDA_TENANT_ID: 'x', ZEEBE_INSECURE_CONNECTION: 'true', ZEEBE_GRPC_ADDRESS: 'grpc://a:1', ZEEBE_AUTH: 'none', PATH: '/bin' }), ['CAMUNDA_TENANT_ID', 'ZEEBE_INSECURE_CONNECTION']);
  t.same(sdkEnvironmentLeaks({ ZEEBE_GRPC_ADDRESS: 'grpc://a:1', ZEEBE_REST_ADDRESS: 'http://a', ZEEBE_CLIENT_ID: 'c', ZEEBE_CLIENT_SECRET: 's' }), [], 'motcua\'s own variables that the SDK also reads mean the same and are passed explicitly');
  const warnings: string[] = [];
  process.env.CAMUNDA_TENANT_ID = 'other-tool';
  t.teardown(() => { delete process.env.CAMUNDA_TENANT_ID; });
  const engine = createZeebeEngine({ grpcAddress: 'grpc://127.0.0.1:9', restAddress: 'http://127.0.0.1:9', auth: { strategy: 'NONE' } }, { logger: { warn: (m) => warnings.push(m) } });
  await engine.stop();
  t.match(warnings.join('\n'), /@camunda8\/sdk also reads CAMUNDA_TENANT_ID from the environment/);
});
