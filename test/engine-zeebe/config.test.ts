/** Configuration: validation, defaults, and `ZEEBE_*` environment variables with errors naming the variable. */
import t from 'tap';
import {
  createZeebeEngine, resolveZeebeConfig, validateZeebeConfig, zeebeConfigFromEnv, ZeebeConfigError, type ZeebeEngineConfig,
} from '../../engine-adapter/zeebe/index.ts';
import { sdkConfiguration } from '../../engine-adapter/zeebe/sdk-clients.ts';

const base: ZeebeEngineConfig = { grpcAddress: 'grpc://localhost:26500', restAddress: 'http://localhost:8080', auth: { strategy: 'NONE' } };

t.test('defaults from an empty environment', async (t) => {
  const res = zeebeConfigFromEnv({});
  t.same(res, { ok: true, config: {
    grpcAddress: 'grpc://localhost:26500', restAddress: 'http://localhost:8080', auth: { strategy: 'NONE' },
    requestTimeoutMs: 10_000, maxRetries: 5, retryBackoff: { initialMs: 200, maxMs: 5_000 },
  } });
});

t.test('oauth, basic and bearer read their variables', async (t) => {
  const oauth = zeebeConfigFromEnv({
    ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.tinh.gov.vn:443', ZEEBE_REST_ADDRESS: 'https://camunda.tinh.gov.vn/', ZEEBE_AUTH: 'oauth',
    ZEEBE_OAUTH_URL: 'https://sso.tinh.gov.vn/realms/camunda/protocol/openid-connect/token', ZEEBE_CLIENT_ID: 'motcua', ZEEBE_CLIENT_SECRET: 's3cret',
    ZEEBE_AUDIENCE: 'orchestration-api', ZEEBE_REQUEST_TIMEOUT_MS: '3000', ZEEBE_MAX_RETRIES: '0',
  });
  t.match(oauth, { ok: true, config: {
    grpcAddress: 'grpcs://zeebe.tinh.gov.vn:443', requestTimeoutMs: 3000, maxRetries: 0,
    auth: { strategy: 'OAUTH', url: 'https://sso.tinh.gov.vn/realms/camunda/protocol/openid-connect/token', clientId: 'motcua', clientSecret: 's3cret', audience: 'orchestration-api' },
  } });
  t.match(zeebeConfigFromEnv({ ZEEBE_AUTH: 'BASIC', ZEEBE_USERNAME: 'demo', ZEEBE_PASSWORD: 'demo' }), { ok: true, config: { auth: { strategy: 'BASIC', username: 'demo', password: 'demo' } } });
  t.match(zeebeConfigFromEnv({ ZEEBE_AUTH: 'bearer', ZEEBE_BEARER_TOKEN: 'eyJ.x.y' }), { ok: true, config: { auth: { strategy: 'BEARER', token: 'eyJ.x.y' } } });
  t.match(zeebeConfigFromEnv({ ZEEBE_AUTH: 'bearer' }), { ok: false, errors: [{ field: 'ZEEBE_BEARER_TOKEN', message: 'is required with BEARER' }] });
});

t.test('errors name the variable at fault', async (t) => {
  const res = zeebeConfigFromEnv({ ZEEBE_GRPC_ADDRESS: 'localhost:26500', ZEEBE_REST_ADDRESS: 'ftp://x', ZEEBE_AUTH: 'oauth', ZEEBE_CLIENT_ID: 'motcua', ZEEBE_MAX_RETRIES: 'nhiều', ZEEBE_REQUEST_TIMEOUT_MS: '0' });
  t.equal(res.ok, false);
  const fields = res.ok ? [] : res.errors.map((e) => e.field).sort();
  t.same(fields, ['ZEEBE_AUDIENCE', 'ZEEBE_CLIENT_SECRET', 'ZEEBE_GRPC_ADDRESS', 'ZEEBE_MAX_RETRIES', 'ZEEBE_OAUTH_URL', 'ZEEBE_REQUEST_TIMEOUT_MS', 'ZEEBE_REST_ADDRESS']);
  const msg = res.ok ? [] : res.errors;
  t.match(msg.find((e) => e.field === 'ZEEBE_GRPC_ADDRESS'), { message: "'localhost:26500' must start with grpc:// or grpcs://" });
  t.match(msg.find((e) => e.field === 'ZEEBE_MAX_RETRIES'), { message: "'nhiều' is not a non-negative integer" });
  t.match(zeebeConfigFromEnv({ ZEEBE_AUTH: 'kerberos' }), { ok: false, errors: [{ field: 'ZEEBE_AUTH', message: "'kerberos' must be none, oauth, basic or bearer" }] });
});

t.test('validation of a config object, and createZeebeEngine refuses an invalid one', async (t) => {
  t.same(validateZeebeConfig(base), []);
  t.match(validateZeebeConfig({ ...base, auth: { strategy: 'BASIC', username: 'u', password: '' }, retryBackoff: { initialMs: -1, maxMs: 10, factor: 0.5 } }), [
    { field: 'auth.password' }, { field: 'retryBackoff.initialMs' }, { field: 'retryBackoff.factor' },
  ]);
  t.throws(() => createZeebeEngine({ ...base, grpcAddress: 'http://localhost:26500' }), ZeebeConfigError);
  t.throws(() => createZeebeEngine({ ...base, grpcAddress: 'http://localhost:26500' }), { code: 'ENGINE_CONFIG_INVALID', fields: [{ field: 'grpcAddress' }] });
});

t.test('the SDK gets explicit, bounded settings: no SDK retries, plaintext from the address', async (t) => {
  const resolved = resolveZeebeConfig({ ...base, restAddress: 'http://localhost:8080/', retryBackoff: { initialMs: 100, maxMs: 2000 } });
  t.equal(resolved.restAddress, 'http://localhost:8080');
  t.same(resolved.retryBackoff, { initialMs: 100, maxMs: 2000, factor: 2 });
  t.match(sdkConfiguration(resolved), {
    ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500', CAMUNDA_AUTH_STRATEGY: 'NONE',
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_GRPC_CLIENT_MAX_RETRIES: 0, GRPC_MAX_RECONNECT_BACKOFF_MS: '2000' },
  });
});
