/** Agencies and the scope rule: a user sees their own agency and the agencies below it. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Agency, Database } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Ids of an agency and every agency below it in the tree. */
export async function agencySubtree(db: Db, agencyId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive sub(id) as (
      select id from agencies where id = ${agencyId}
      union
      select a.id from agencies a join sub on a.parent_id = sub.id
    )
    select id from sub`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Public shape of an agency in API responses. */
export function agencyView(a: Agency) {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    type: a.type,
    parentId: a.parent_id,
    provinceCode: a.province_code,
    disabled: a.disabled,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  };
}

/** Id of the top-level agency (the province) above an agency; the agency itself when it has no parent. */
export async function agencyRoot(db: Db, agencyId: string): Promise<string> {
  // `union` (not `union all`) ends even on a cycle in the tree.
  const result = await sql<{ id: string }>`
    with recursive up(id, parent_id) as (
      select id, parent_id from agencies where id = ${agencyId}
      union
      select a.id, a.parent_id from agencies a join up on a.id = up.parent_id
    )
    select id from up where parent_id is null`.execute(db);
  return result.rows[0]?.id ?? agencyId;
}
