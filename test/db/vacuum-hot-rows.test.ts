/**
 * Migration 2026121003: the tables whose open rows change while their history grows are vacuumed after 1 % of
 * dead rows, not PostgreSQL's 20 % (at a province's scale the open tasks' dead versions otherwise stay for hours).
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { HOT_TABLES } from '../../api/db/migrations/2026121003_vacuum_hot_rows.ts';

for (const target of databaseTargets()) {
  t.test(`hot tables' vacuum settings on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const rows = (await sql<{ relname: string; reloptions: string[] | null }>`select relname, reloptions from pg_class
      where relkind in ('r', 'p') and relnamespace = current_schema()::regnamespace and relname = any(${HOT_TABLES})`.execute(handle.db)).rows;
    t.same(rows.map((r) => r.relname).sort(), [...HOT_TABLES].sort(), 'every table named exists');
    for (const r of rows) {
      t.ok(r.reloptions?.includes('autovacuum_vacuum_scale_factor=0.01'), `${r.relname}: vacuumed after 1 % of dead rows`);
      t.ok(r.reloptions?.includes('autovacuum_analyze_scale_factor=0.02'), `${r.relname}: analysed after 2 % changed`);
    }
    const other = (await sql<{ reloptions: string[] | null }>`select reloptions from pg_class where relname = 'engine_job'`.execute(handle.db)).rows[0];
    t.equal(other?.reloptions ?? null, null, "other tables keep PostgreSQL's defaults");
  });
}
