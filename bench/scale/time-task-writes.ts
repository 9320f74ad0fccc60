/**
 * What `open_step_excess` (the summary's each-dossier-once rows) costs the writes of `tasks`, on a generated
 * database (no HTTP): its triggers as 2026121602 made them (statement triggers with transition tables),
 * as 2026121701 made them (row marks, one rebuild per statement), and none (the baseline), alternated in the
 * same run, three rounds:
 * - a bulk update of a column the summary does not count (`remind_check_at`, as the reminder pass writes
 *   it) on N open tasks (default 20,000), one statement;
 * - per task, one statement each: a second step inserted into a dossier with one running step (it now has
 *   excess rows to build), that step completed, then deleted.
 * Everything runs in one transaction that is rolled back (the triggers swapped inside it): the database is
 * left as it was. `tsx bench/scale/time-task-writes.ts <database-url> [N]`.
 */
import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import * as marks from '../../api/db/migrations/2026121701_open_step_excess_marks.ts';

const [url, nArg = '20000'] = process.argv.slice(2);
const N = Number(nArg);
const TASKS = 200;
const ROUNDS = 3;
type Variant = 'none' | 'statement' | 'marks';
const VARIANTS: Variant[] = ['none', 'statement', 'marks'];

class Rollback extends Error {}

const handle = await connectDatabase({ databaseUrl: url!, dataDir: 'memory://' });
const hasMarks = async (db: Kysely<any>) => (await sql<{ t: string | null }>`select to_regclass('open_step_excess_marks')::text as t`.execute(db)).rows[0]!.t !== null;
const excessTriggers = async (db: Kysely<any>) => (await sql<{ name: string }>`
  select tgname as name from pg_trigger where tgrelid = 'tasks'::regclass and tgname like 'tasks_open_step_excess%' and not tgisinternal`.execute(db)).rows.map((r) => r.name);
const toggle = async (db: Kysely<any>, on: boolean) => {
  for (const name of await excessTriggers(db)) await sql.raw(`alter table tasks ${on ? 'enable' : 'disable'} trigger ${name}`).execute(db);
};
async function install(db: Kysely<any>, v: Variant) {
  await toggle(db, true);
  if (v === 'statement' && await hasMarks(db)) await marks.down(db);
  if (v === 'marks' && !await hasMarks(db)) await marks.up(db);
  if (v === 'none') await toggle(db, false);
}
/** Runs `f` in a savepoint rolled back afterwards; its milliseconds. */
async function timed(db: Kysely<any>, f: () => Promise<unknown>): Promise<number> {
  await sql`savepoint bench`.execute(db);
  const t0 = performance.now();
  try { await f(); return performance.now() - t0; } finally { await sql`rollback to savepoint bench`.execute(db); }
}

const sums: Record<Variant, { bulk: number[]; insert: number[]; complete: number[]; remove: number[] }> = {
  none: { bulk: [], insert: [], complete: [], remove: [] },
  statement: { bulk: [], insert: [], complete: [], remove: [] },
  marks: { bulk: [], insert: [], complete: [], remove: [] },
};
try {
  await handle.db.transaction().execute(async (tx) => {
    const bulkKeys = (await sql<{ key: string }>`select key from tasks where state = 'CREATED' order by key limit ${N}`.execute(tx)).rows.map((r) => r.key);
    const targets = (await sql<{ id: string; agency: string; due: Date }>`
      select t.dossier_id as id, t.agency_id as agency, t.due_at as due from dossier_open_steps s
      join tasks t on t.dossier_id = s.dossier_id and t.state = 'CREATED' where s.n = 1 and t.dossier_status = 'processing'
      order by s.dossier_id limit ${TASKS}`.execute(tx)).rows;
    console.log(`bulk update of ${bulkKeys.length} open tasks; ${targets.length} dossiers with one running step given a second`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of round % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        await install(tx, v);
        sums[v].bulk.push(await timed(tx, () => sql`update tasks set remind_check_at = now() where key = any(${bulkKeys})`.execute(tx)));
        const keys = targets.map((_, i) => `bench-ttw-${round}-${v}-${i}`);
        let insert = 0; let complete = 0; let remove = 0;
        await timed(tx, async () => {
          let t0 = performance.now();
          for (const [i, d] of targets.entries()) {
            await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, name, dossier_id, agency_id, state, due_at, created_at)
              values (${keys[i]}, '1', 'bench', 'bench-step', 'Bench', ${d.id}, ${d.agency}, 'CREATED', ${d.due}, now())`.execute(tx);
          }
          insert = performance.now() - t0; t0 = performance.now();
          for (const k of keys) await sql`update tasks set state = 'COMPLETED', completed_at = now() where key = ${k}`.execute(tx);
          complete = performance.now() - t0; t0 = performance.now();
          for (const k of keys) await sql`delete from tasks where key = ${k}`.execute(tx);
          remove = performance.now() - t0;
        });
        sums[v].insert.push(insert / targets.length); sums[v].complete.push(complete / targets.length); sums[v].remove.push(remove / targets.length);
      }
    }
    throw new Rollback();
  });
} catch (e) {
  if (!(e instanceof Rollback)) throw e;
} finally {
  await handle.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const result: Record<string, Record<string, number>> = {};
for (const v of VARIANTS) {
  const m = { bulkMs: median(sums[v].bulk), insertMs: median(sums[v].insert), completeMs: median(sums[v].complete), deleteMs: median(sums[v].remove) };
  result[v] = Object.fromEntries(Object.entries(m).map(([k, x]) => [k, Math.round(x * 100) / 100]));
  const base = sums.none;
  const ratio = (xs: number[], b: number[]) => (median(xs) / median(b)).toFixed(2);
  console.log(`${v.padEnd(9)} bulk ${m.bulkMs.toFixed(0)} ms (×${ratio(sums[v].bulk, base.bulk)}), per task: insert ${m.insertMs.toFixed(2)} ms (×${ratio(sums[v].insert, base.insert)}), `
    + `complete ${m.completeMs.toFixed(2)} ms (×${ratio(sums[v].complete, base.complete)}), delete ${m.deleteMs.toFixed(2)} ms (×${ratio(sums[v].remove, base.remove)})`);
}
console.log(JSON.stringify(result));
process.exit(0);
