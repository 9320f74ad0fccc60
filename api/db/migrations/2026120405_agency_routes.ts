import { sql, type Kysely } from 'kysely';

/**
 * Explicit routing: which agency decides the dossiers a receiving agency receives. A row is either the
 * default for a handling agency type (`handling_agency_type` set) or the route of one procedure
 * (`procedure_id` set, it wins over the default). Reception refuses a procedure with no route.
 *
 * Existing installations keep their behaviour: every agency that receives (has a receptionist or has
 * received a dossier) gets, for each handling type its procedures use, the agency the former rule
 * picked — the first enabled agency of that type in its subtree by id, else the agency itself.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agency_routes')
    .addColumn('receiving_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('handling_agency_type', 'text')
    .addColumn('procedure_id', 'text', (c) => c.references('procedures.id'))
    .addColumn('deciding_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('agency_routes_one_key', sql`(handling_agency_type is null) <> (procedure_id is null)`)
    .execute();
  await sql`create unique index agency_routes_default_idx on agency_routes (receiving_agency_id, handling_agency_type) where procedure_id is null`.execute(db);
  await sql`create unique index agency_routes_procedure_idx on agency_routes (receiving_agency_id, procedure_id) where procedure_id is not null`.execute(db);
  await sql`
    with recursive receiving as (
      select a.id from agencies a
      where exists (select 1 from users u where u.agency_id = a.id and 'receptionist' = any(u.roles))
         or exists (select 1 from dossiers d where d.receiving_agency_id = a.id)
    ), tree(root, id) as (
      select id, id from receiving
      union
      select tree.root, a.id from agencies a join tree on a.parent_id = tree.id
    ), types as (select distinct handling_agency_type as type from procedures)
    insert into agency_routes (receiving_agency_id, handling_agency_type, deciding_agency_id)
    select r.id, t.type, coalesce(
      (select a.id from tree join agencies a on a.id = tree.id
       where tree.root = r.id and a.type = t.type and not a.disabled order by a.id limit 1),
      r.id)
    from receiving r cross join types t`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agency_routes').execute();
}
