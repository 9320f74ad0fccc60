/**
 * The settings of the app's PostgreSQL connections (api/db/connect.ts): no JIT compilation, unless the
 * `DATABASE_URL` names its own `options`.
 */
import t from 'tap';
import { sql } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';

const url = process.env.TEST_DATABASE_URL;
if (!url) throw new Error('TEST_DATABASE_URL is required (npm test and .ci/run start PostgreSQL and set it)');

async function setting(databaseUrl: string, name: string) {
  const handle = await connectDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 1 });
  try {
    return (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(handle.db)).rows[0]!.v;
  } finally {
    await handle.close();
  }
}

t.test('connections run without JIT compilation', async (t) => {
  t.equal(await setting(url, 'jit'), 'off', 'jit is off on the app\'s connections');
  const direct = new URL(url);
  direct.searchParams.set('options', '-c jit=on -c work_mem=8MB');
  t.equal(await setting(direct.toString(), 'jit'), 'on', 'a URL\'s own options win');
  t.equal(await setting(direct.toString(), 'work_mem'), '8MB', 'every option of the URL applies');
});
