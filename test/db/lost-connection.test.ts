/**
 * A PostgreSQL connection lost (server restart, network, a terminated backend), idle in the pool or
 * checked out between two statements of a transaction, is reported once and replaced; it never crashes
 * the process (a checked-out one did: a bench that terminated the server's backends found it).
 */
import t, { type Test } from 'tap';
import pg from 'pg';
import { sql } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import { freshPostgres } from '../helpers/databases.ts';

const url = process.env.TEST_DATABASE_URL;
if (!url) throw new Error('TEST_DATABASE_URL is required (npm test and .ci/run start PostgreSQL and set it)');

/** A fresh database opened with a pool that records its lost connections, and an admin connection to terminate them. */
async function watchedPool(t: Test) {
  const fresh = await freshPostgres(url!);
  t.teardown(() => fresh.close());
  const lost: string[] = [];
  const handle = await connectDatabase({ databaseUrl: fresh.url, dataDir: 'memory://', poolSize: 2, onIdleConnectionError: (e) => lost.push(e.message) });
  t.teardown(() => handle.close());
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  t.teardown(() => admin.end());
  const reported = async () => { for (let i = 0; i < 200 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 10)); };
  return { handle, lost, admin, reported };
}

t.test('an idle connection terminated by the server is reported, then replaced', async (t) => {
  const { handle, lost, admin, reported } = await watchedPool(t);
  const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]!.pid;
  await admin.query('select pg_terminate_backend($1)', [pid]);
  await reported();

  t.match(lost, [/terminating connection/], 'the loss is reported');
  const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
  t.not(again.rows[0]!.pid, pid, 'the next query runs on a new connection');
});

t.test('a connection lost inside a transaction, between two statements: that transaction fails, the process lives on', async (t) => {
  const { handle, lost, admin, reported } = await watchedPool(t);
  let pid = 0;
  const outcome = await handle.db.transaction().execute(async (tx) => {
    pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await reported(); // the connection is checked out and no statement runs on it: its 'error' arrives between two statements
    await sql`select 1`.execute(tx);
  }).then(() => 'committed', (err: Error) => `failed: ${err.message}`);

  t.match(outcome, /^failed: /, 'the transaction fails');
  t.equal(lost.length, 1, `the loss is reported once (${lost.join(' / ')})`);
  t.match(lost[0], /terminating connection/);
  const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
  t.not(again.rows[0]!.pid, pid, 'the next query runs on a new connection');
});
