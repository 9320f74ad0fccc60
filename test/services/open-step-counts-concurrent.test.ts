/**
 * The open-step counters stay exact under concurrent writes (on PostgreSQL, four connections at once; on
 * PGlite the same work, serialised): tasks of a few dossiers, all in two counter rows, created, completed,
 * moved between due hours and deleted, and their dossiers sent to a supplement and back, while the
 * deltas are rolled up into the counters again and again, so counter rows and dossier rows reach 0, are
 * deleted and are created again while other transactions write them. No deadlock; then the counters
 * equal a recount from the task rows.
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { countersMatch } from '../helpers/open-step-counts.ts';
import { rollupOpenStepCounts } from '../../api/services/supervision-counts.ts';

const BASE = Date.parse('2026-03-02T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

for (const target of databaseTargets()) {
  t.test(`open-step counters under concurrent writes on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db;
    await sql`insert into agencies (id, code, name, type) values ('c-a', 'CA', 'Xã C', 'commune')`.execute(db);
    await sql`insert into procedures (id, name_vi, name_en, field, legal_limit, online_level, process_id, form_schema_id)
      values ('c-x', 'C', 'C', 'F', '{}', 'full', 'x', 'x')`.execute(db);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await sql<{ id: string }>`insert into dossiers (code, procedure_id, receiving_agency_id, status, channel, applicant, applicant_name, form_data, state, submitted_at)
        values (${`C-${i}`}, 'c-x', 'c-a', 'processing', 'in_person', '{}', 'A', '{}', '{}', ${iso(BASE)}) returning id`.execute(db)).rows[0]!.id);
    }
    let deadlocks = 0;
    const worker = async (w: number) => {
      for (let i = 0; i < 40; i++) {
        const key = `c-${w}-${i}`;
        const dossier = ids[(w + i) % ids.length]!;
        const due = iso(BASE + ((i % 2) * 60 + 10) * 60_000);
        try {
          await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, name, dossier_id, agency_id, state, due_at, created_at)
            values (${key}, '1', 'p', 'e', 'Bước', ${dossier}, 'c-a', 'CREATED', ${due}, ${iso(BASE)})`.execute(db);
          if (i % 3 === 0) await sql`update tasks set state = 'COMPLETED' where key = ${key}`.execute(db);
          else if (i % 3 === 1) await sql`update tasks set due_at = due_at + interval '1 hour' where key = ${key}`.execute(db);
          if (i % 4 === 0) await sql`delete from tasks where key = ${`c-${w}-${i - 2}`}`.execute(db);
          if (i % 5 === 0) {
            await sql`update dossiers set status = 'supplement_requested' where id = ${dossier}`.execute(db);
            await sql`update dossiers set status = 'processing' where id = ${dossier}`.execute(db);
          }
        } catch (err) {
          // Two transactions locking two counter rows in opposite orders: PostgreSQL aborts one, as it should.
          if ((err as { code?: string }).code !== '40P01') throw err;
          deadlocks += 1;
        }
      }
    };
    let writing = true;
    let rollups = 0;
    const roller = async () => {
      while (writing) { await rollupOpenStepCounts(db); rollups += 1; await new Promise((resolve) => setTimeout(resolve, 5)); }
    };
    const rolling = roller();
    await Promise.all([0, 1, 2, 3].map(worker));
    writing = false;
    await rolling;
    t.ok(rollups > 0, `rolled up ${rollups} times while writing`);
    // Counter rows are only ever written by the rollup: the writers lock nothing shared but a dossier's row.
    t.equal(deadlocks, 0, 'no deadlock');
    const { rows } = await countersMatch(t, db, 'after concurrent writes');
    t.ok(rows > 0 && rows <= 4, 'the tasks share a few counter rows');
  });
}
