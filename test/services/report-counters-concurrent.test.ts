/**
 * Two receptions of one province, day and procedure no longer queue on the province's counter row
 * (migration 2026120901): on PostgreSQL, while one reception's transaction is open, another commits
 * (its connection set to give up after 5 s of waiting for a lock, as it did before, when both updated
 * the same `report_counters` row). On PGlite, one connection, the same two receptions one after the
 * other. Either way the province's figures, read as a report reads them, count both, before and after
 * the rollup.
 */
import t from 'tap';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { counterSums, rollupReportCounters } from '../../api/services/report-counters.ts';
import { databaseTargets } from '../helpers/databases.ts';

const AT = '2026-03-02T02:00:00Z';

/** One reception's writes: the dossier, then its receiving agency (whose visibility triggers count it). */
const receive = (code: string, agency: string) => [
  `insert into dossiers (id, code, procedure_id, receiving_agency_id, status, channel, applicant, applicant_name, form_data, state, submitted_at, received_at, due_at)
   values (gen_random_uuid(), '${code}', 'k-x', '${agency}', 'accepted', 'in_person', '{}', 'A', '{}', '{}', '${AT}', '${AT}', '${AT}'::timestamptz + interval '3 days')`,
  `insert into dossier_agencies (dossier_id, agency_id, role, since) select id, '${agency}', 'receiving', '${AT}' from dossiers where code = '${code}'`,
];

async function received(db: Kysely<Database>, agency: string) {
  const sums = await counterSums(db, agency, '2026-03-01', '2026-03-31');
  return sums.find((s) => s.procedureId === 'k-x')?.within.rec_offline ?? 0;
}

for (const target of databaseTargets()) {
  t.test(`concurrent receptions and the report counters on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const db = h.db;
    await sql`insert into agencies (id, code, name, type, parent_id) values
      ('k-prov', 'KPROV', 'Tỉnh', 'province', null), ('k-a', 'KA', 'Xã A', 'commune', 'k-prov'), ('k-b', 'KB', 'Xã B', 'commune', 'k-prov')`.execute(db);
    await sql`insert into procedures (id, name_vi, name_en, field, legal_limit, online_level, process_id, form_schema_id)
      values ('k-x', 'K', 'K', 'F', '{}', 'full', 'x', 'x')`.execute(db);

    if (target.name === 'postgres') {
      const url = (h as unknown as { url: string }).url;
      const first = new pg.Client({ connectionString: url });
      const second = new pg.Client({ connectionString: url, options: '-c lock_timeout=5s' });
      await first.connect(); await second.connect();
      t.teardown(async () => { await first.end(); await second.end(); });
      await first.query('begin');
      for (const q of receive('K-1', 'k-a')) await first.query(q);
      // The first reception's transaction is still open: the second, in the same province, commits.
      await second.query('begin');
      for (const q of receive('K-2', 'k-b')) await second.query(q);
      await second.query('commit');
      t.pass('the second reception committed while the first was open');
      t.equal(await received(db, 'k-prov'), 1, 'the province counts the committed reception only');
      await first.query('commit');
    } else {
      for (const code of ['K-1', 'K-2']) await db.transaction().execute(async (tx) => {
        for (const q of receive(code, code === 'K-1' ? 'k-a' : 'k-b')) await sql.raw(q).execute(tx);
      });
    }
    t.equal(await received(db, 'k-prov'), 2, 'the province counts both receptions');
    t.equal(await received(db, 'k-a'), 1, 'each commune its own');
    t.ok(await rollupReportCounters(db) >= 3, 'the rollup writes the province and commune rows');
    t.equal(await received(db, 'k-prov'), 2, 'the same after the rollup');
    const [{ n }] = (await sql<{ n: number }>`select count(*)::int as n from report_counter_deltas`.execute(db)).rows as [{ n: number }];
    t.equal(n, 0, 'no delta left');
  });
}
