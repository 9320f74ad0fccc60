import t from 'tap';
import { loadConfig, ConfigError } from '../../api/config.ts';

t.test('defaults are valid in development', async (t) => {
  const c = loadConfig({});
  t.equal(c.port, 3000);
  t.equal(c.nodeEnv, 'development');
  t.equal(c.databaseUrl, null);
  t.equal(c.dataDir, './data');
  t.equal(c.demoPassword, 'motcua-demo');
  t.equal(c.demoData, true);
});

t.test('typed values are coerced', async (t) => {
  const c = loadConfig({ PORT: '8080', DEMO_DATA: 'false', LOGIN_MAX_FAILURES: '3' });
  t.equal(c.port, 8080);
  t.equal(c.demoData, false);
  t.equal(c.loginMaxFailures, 3);
});

t.test('a bad value names the variable in one line', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be an integer$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT must be at most 65535$/],
    [{ NODE_ENV: 'staging' }, /^Invalid configuration: NODE_ENV must be one of: development, production, test$/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA must be true or false/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters long/],
  ];
  for (const [env, message] of cases) {
    const err = t.throws(() => loadConfig(env)) as Error;
    t.type(err, ConfigError);
    t.match(err.message, message);
    t.notMatch(err.message, /\n/);
  }
});

t.test('production refuses to start without JWT_SECRET and never seeds demo data', async (t) => {
  t.throws(() => loadConfig({ NODE_ENV: 'production' }), /JWT_SECRET is required in production/);
  const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' });
  t.equal(c.demoData, false);
  t.equal(c.jwtSecret, 'x'.repeat(40));
});
