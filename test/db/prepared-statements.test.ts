/**
 * The hot path's statements (`preparing(db)`) go to PostgreSQL as named prepared statements once repeated
 * (api/db/prepared-statements.ts): one parse per connection, the plan kept; a statement run once, or not
 * marked (a list, a search), stays unnamed; a connection holds a bounded number; a plan refused after a
 * table's columns changed fails once, then prepares anew.
 */
import t, { type Test } from 'tap';
import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import { PREPARE_MARK, preparing, StatementNames } from '../../api/db/prepared-statements.ts';
import { freshPostgres } from '../helpers/databases.ts';

const url = process.env.TEST_DATABASE_URL;
if (!url) throw new Error('TEST_DATABASE_URL is required (npm test and .ci/run start PostgreSQL and set it)');

/** One connection (so every statement and the check run on the same backend) on a fresh database. */
async function onePool(t: Test, preparedStatements?: boolean) {
  const fresh = await freshPostgres(url!);
  const handle = await connectDatabase({ databaseUrl: fresh.url, dataDir: 'memory://', poolSize: 1, preparedStatements });
  // The pool first, then the database: dropped `with (force)` while a connection is open, its termination is an error.
  t.teardown(async () => { await handle.close(); await fresh.close(); });
  const db = handle.db as unknown as Kysely<any>;
  await sql`create table things (id int primary key, name text)`.execute(db);
  await sql`insert into things values (1, 'một'), (2, 'hai'), (3, 'ba')`.execute(db);
  const prepared = async () => (await sql<{ statement: string }>`select statement from pg_prepared_statements order by statement`.execute(db)).rows.map((r) => r.statement);
  return { db, prepared };
}

t.test('a marked statement run twice is prepared once on its connection and keeps answering right', async (t) => {
  const { db, prepared } = await onePool(t);
  const byId = (id: number) => preparing(db).selectFrom('things').select('name').where('id', '=', id).executeTakeFirst();
  t.same(await byId(1), { name: 'một' });
  t.same(await prepared(), [], 'a statement seen once is not prepared');
  t.same(await byId(2), { name: 'hai' });
  t.same(await byId(3), { name: 'ba' }, 'each execution binds its own values');
  const names = await prepared();
  t.equal(names.length, 1, 'one prepared statement for the repeated text');
  t.match(names[0], /select "name" from "things" where "id" = \$1/);
  await preparing(db).selectFrom('things').select('id').where('name', '=', 'ba').execute();
  t.equal((await prepared()).length, 1, 'another text seen once: still one');
  for (const name of ['một', 'hai', 'ba']) await db.selectFrom('things').select('id').where('name', '=', name).execute();
  t.equal((await prepared()).length, 1, 'a statement not marked is never prepared, however often it runs');
  await preparing(db).transaction().execute(async (tx) => {
    for (const id of [1, 2]) await tx.updateTable('things').set({ name: sql`name` }).where('id', '=', id).execute();
  });
  t.equal((await prepared()).length, 2, 'a transaction of the marked database marks its statements');
  t.equal(preparing(preparing(db)), preparing(db), 'a marked database is marked once, however often it is handed on');
});

t.test('DATABASE_PREPARED_STATEMENTS=false: nothing is prepared', async (t) => {
  const { db, prepared } = await onePool(t, false);
  for (let id = 1; id <= 3; id++) await preparing(db).selectFrom('things').select('name').where('id', '=', id).execute();
  t.same(await prepared(), []);
});

t.test('a statement refused after a change of its table\'s columns fails once, then runs prepared anew', async (t) => {
  const { db, prepared } = await onePool(t);
  const row = () => preparing(db).selectFrom('things').selectAll().where('id', '=', 1).executeTakeFirst();
  await row();
  t.same(await row(), { id: 1, name: 'một' });
  await sql`alter table things add column note text`.execute(db);
  await t.rejects(row(), /cached plan must not change result type/, 'PostgreSQL refuses the cached plan once');
  t.same(await row(), { id: 1, name: 'một', note: null }, 'the next execution prepares under a new name');
  t.equal((await prepared()).length, 2, 'the old name is left on the connection, the new one used');
});

t.test('names are bounded: per connection, and the texts counted', async (t) => {
  const names = new StatementNames({ after: 2, tracked: 3 });
  t.equal(names.nameOf('select $1'), undefined, 'first sight: unnamed');
  const first = names.nameOf('select $1');
  t.match(first, /^m0_/, 'second sight: named');
  t.equal(names.nameOf('select $1'), first, 'the same name after');
  for (const text of ['a $1', 'b $1', 'c $1', 'd $1']) names.nameOf(text);
  t.equal(names.nameOf('a $1'), undefined, 'the counts restart once `tracked` texts are held');
  names.renew();
  t.match(names.nameOf('select $1'), /^m1_/, 'renewed: a new generation of names');

  const fresh = await freshPostgres(url!);
  const { prepareRepeatedStatements } = await import('../../api/db/prepared-statements.ts');
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: fresh.url, max: 1 });
  const client = await pool.connect();
  t.teardown(async () => { client.release(true); await pool.end(); await fresh.close(); });
  prepareRepeatedStatements(client, new StatementNames({ after: 1, perConnection: 2 }));
  for (const n of [1, 2, 3]) t.same((await client.query(`select $1::int + ${n} as x ${PREPARE_MARK}`, [1])).rows, [{ x: 1 + n }]);
  const held = (await client.query('select count(*)::int as n from pg_prepared_statements')).rows[0].n;
  t.equal(held, 2, 'a connection holds `perConnection` names; the third text went unnamed and answered all the same');
});
