/**
 * A statement template (api/db/statement-template.ts) builds and compiles its query once, then runs it
 * with each call's values in place of its slots, the constants built in kept: the same rows as the
 * query built anew each time, on PGlite and on PostgreSQL, inside a transaction too; one SQL text.
 */
import t, { type Test } from 'tap';
import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import { preparing, PREPARE_MARK } from '../../api/db/prepared-statements.ts';
import { StatementTemplate } from '../../api/db/statement-template.ts';
import { freshPostgres } from '../helpers/databases.ts';

interface Thing { id: number; kind: string; name: string; seen_at: Date | null }

async function check(t: Test, db: Kysely<any>) {
  await sql`create table things (id int primary key, kind text not null, name text not null, seen_at timestamptz)`.execute(db);
  await sql`insert into things values (1, 'a', 'một', null), (2, 'a', 'hai', null), (3, 'b', 'ba', null), (4, 'a', 'bốn', null)`.execute(db);
  let builds = 0;
  // `kind` a constant of the template, the others slots (one of them used twice).
  const touch = new StatementTemplate<{ from: number; limit: number; at: Date }, Thing>((d, s) => {
    builds += 1;
    return preparing(d).updateTable('things').set({ seen_at: s.at })
      .where('id', 'in', (eb: any) => eb.selectFrom('things as x').select('x.id').where('x.kind', '=', 'a').where('x.id', '>=', s.from)
        .orderBy('x.id').limit(s.limit))
      .where('id', '>=', s.from).returningAll();
  });
  const at1 = new Date('2026-12-01T01:00:00Z');
  const first = await touch.execute(db, { from: 1, limit: 2, at: at1 });
  t.same(first.rows.map((r) => r.id).sort(), [1, 2], 'the first run: the first two of kind a');
  t.same(first.rows.map((r) => new Date(r.seen_at!).toISOString()), [at1.toISOString(), at1.toISOString()], 'its time written');
  const at2 = new Date('2026-12-02T02:00:00Z');
  const second = await db.transaction().execute((tx) => touch.execute(tx, { from: 2, limit: 5, at: at2 }));
  t.same(second.rows.map((r) => r.id).sort(), [2, 4], 'the second run, in a transaction: its own values, kind a still');
  t.equal(builds, 1, 'built once');
  const a = touch.compile(db, { from: 1, limit: 1, at: at1 });
  const b = touch.compile(db, { from: 7, limit: 3, at: at2 });
  t.equal(a.sql, b.sql, 'one SQL text');
  t.ok(a.sql.endsWith(PREPARE_MARK), 'marked for preparation as its builder marked it');
  t.same(a.parameters, [at1, 'a', 1, 1, 1], 'the constants kept, each slot its value (one slot twice)');
  t.same(b.parameters, [at2, 'a', 7, 3, 7], 'another call, other values');
  t.throws(() => touch.compile(db, { from: 1, limit: 1 } as never), /no value for at/, 'a missing value is an error, not a placeholder sent');
  const rows = (await sql<Thing>`select * from things order by id`.execute(db)).rows;
  t.same(rows.map((r) => (r.seen_at ? new Date(r.seen_at).toISOString() : null)), [at1.toISOString(), at2.toISOString(), null, at2.toISOString()], 'only the claimed rows changed');
}

t.test('on PGlite', async (t) => {
  const h = await connectDatabase({ databaseUrl: null, dataDir: 'memory://' });
  t.teardown(() => h.close());
  await check(t, h.db as unknown as Kysely<any>);
});

t.test('on PostgreSQL', async (t) => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is required (npm test and .ci/run start PostgreSQL and set it)');
  const fresh = await freshPostgres(url);
  const h = await connectDatabase({ databaseUrl: fresh.url, dataDir: 'memory://', poolSize: 2 });
  t.teardown(async () => { await h.close(); await fresh.close(); });
  await check(t, h.db as unknown as Kysely<any>);
});
