/**
 * Migration 2026121402: the GIN indexes a search reads keep their pending list short (64 kB), so a name search
 * reads a few pages of not yet merged entries, not the megabytes a large table gathers between two vacuums.
 */
import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import * as ginPendingLists from '../../api/db/migrations/2026121402_gin_pending_lists.ts';

/** Buffers the name search of one agency reads in `dossier_names_grams` (its bitmap index scan). */
async function searchBuffers(db: Kysely<any>): Promise<number> {
  await sql`set enable_seqscan = off`.execute(db);
  const plan = (await sql<{ 'QUERY PLAN': unknown }>`explain (analyze, buffers, format json) select dossier_id from dossier_names n
    where dossier_name_grams(n.agency_id, n.name) @> dossier_name_grams('xa-01', 'nguyen van hoa')`.execute(db)).rows[0]!['QUERY PLAN'];
  await sql`reset enable_seqscan`.execute(db);
  const found: number[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Index Name'] === 'dossier_names_grams') found.push(Number(node['Shared Hit Blocks'] ?? 0) + Number(node['Shared Read Blocks'] ?? 0));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(((typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
  if (found.length !== 1) throw new Error(`the search did not read dossier_names_grams: ${JSON.stringify(plan)}`);
  return found[0]!;
}

/** Adds `n` name rows of other agencies' and this one's applicants (most not matching). */
async function addNames(db: Kysely<any>, from: number, n: number): Promise<void> {
  await sql`insert into dossier_names (agency_id, dossier_id, name)
    select 'xa-0' || (i % 5 + 1), gen_random_uuid(), 'ho ' || md5(i::text) || ' thi ' || substr(md5((i * 7)::text), 1, 9)
    from generate_series(${from}::int, ${from + n - 1}::int) as i`.execute(db);
}

for (const target of databaseTargets()) {
  t.test(`search indexes' pending lists on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db as unknown as Kysely<any>;
    const options = async () => (await sql<{ relname: string; reloptions: string[] | null }>`select relname, reloptions from pg_class
      where relname in ('dossier_names_grams', 'dossiers_applicant_name_trgm', 'dossiers_code_trgm') order by relname`.execute(db)).rows;
    const set = await options();
    t.ok(set.some((r) => r.relname === 'dossier_names_grams'), 'the name grams index exists');
    for (const r of set) t.same(r.reloptions, ['gin_pending_list_limit=64'], `${r.relname}: pending list of 64 kB`);

    await addNames(db, 1, 3000);
    const bounded = await searchBuffers(db);
    await ginPendingLists.down(db);
    for (const r of await options()) t.same(r.reloptions ?? [], [], `${r.relname}: PostgreSQL's default again`);
    await addNames(db, 3001, 3000);
    const unbounded = await searchBuffers(db);
    t.ok(bounded < 40, `with the limit, the search read ${bounded} index pages`);
    t.ok(unbounded > 3 * bounded, `with the default limit, the pending list is read: ${unbounded} pages against ${bounded}`);
  });
}
