/**
 * The Camunda-shaped API's scope (api/routes/v2/scope.ts `instanceDossiers`) finds a page of instances'
 * dossiers by `dossiers_process_instance_idx` (migration 2026122001): without it, the statement can only read
 * the whole table (290 ms at 1,000,000 dossiers). Sequential scans are turned off for the plan, so a plan
 * that still scans `dossiers` whole means no index can answer it.
 */
import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { instanceDossiers } from '../../api/routes/v2/scope.ts';
import type { Database } from '../../api/db/database.ts';

/** The index names a JSON plan reads, and whether it scans `dossiers` whole. */
function reads(plan: unknown): { indexes: string[]; seqScan: boolean } {
  const indexes: string[] = [];
  let seqScan = false;
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') indexes.push(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'dossiers') seqScan = true;
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(((typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
  return { indexes, seqScan };
}

for (const target of databaseTargets()) {
  t.test(`a page of instances finds its dossiers by index on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const db = h.db as Kysely<Database>;
    const query = instanceDossiers(db, ['9001', '9002'], ['X-1'], ['xa-test']);
    const compiled = query.compile();
    const plan = await db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      return (await tx.executeQuery<{ 'QUERY PLAN': unknown }>({ ...compiled, sql: `explain (format json) ${compiled.sql}` })).rows[0]!['QUERY PLAN'];
    });
    const r = reads(plan);
    t.ok(r.indexes.includes('dossiers_process_instance_idx'), `the instances' keys read from dossiers_process_instance_idx: ${JSON.stringify(r)}`);
    t.notOk(r.seqScan, 'dossiers not read whole');
    t.same(await query.execute(), [], 'no such dossier: none');
  });
}
