/**
 * The generated province's agencies and officers, on top of the demo data (`tinh-demo` is the
 * province): N communes, each a centre (`xa-NN`, receives) with its People's Committee unit
 * (`xa-NN-ubnd`, decides, routed by `agency_routes`), a receptionist, three specialists, a leader and a
 * supervisor; the province's construction department; a supervisor and an admin for the whole province.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '../../api/db/database.ts';
import { hashPassword } from '../../api/services/passwords.ts';

export const BENCH_PASSWORD = 'motcua-bench-scale';
export const PROVINCE_ID = 'tinh-demo';

/** Ids of commune `i` (1-based). */
export function commune(i: number) {
  const nn = String(i).padStart(2, '0');
  return { id: `xa-${nn}`, unit: `xa-${nn}-ubnd`, code: `XA${nn}`, prefix: `xa${nn}` };
}

/** The officers of one commune: username suffix, roles, and whether they sit in the unit. */
export const COMMUNE_OFFICERS: Array<{ suffix: string; roles: Role[]; inUnit: boolean }> = [
  { suffix: 'reception', roles: ['receptionist'], inUnit: false },
  { suffix: 'specialist1', roles: ['specialist'], inUnit: true },
  { suffix: 'specialist2', roles: ['specialist'], inUnit: true },
  { suffix: 'specialist3', roles: ['specialist'], inUnit: true },
  { suffix: 'leader', roles: ['leader'], inUnit: true },
  { suffix: 'supervisor', roles: ['supervisor'], inUnit: false },
];

/** Creates the communes, the department and the officers (one password hash shared: a bench, not a deployment). */
export async function createProvince(db: Kysely<Database>, communes: number): Promise<void> {
  const hash = await hashPassword(BENCH_PASSWORD);
  await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('agencies').select('id').where('id', '=', 'so-xay-dung-demo').executeTakeFirst();
    if (!existing) {
      await tx.insertInto('agencies').values({ id: 'so-xay-dung-demo', code: 'SXDDEMO', name: 'Sở Xây dựng tỉnh Demo', type: 'provincial_department', parent_id: PROVINCE_ID, province_code: '99', place: 'Tỉnh Demo' }).execute();
    }
    const agencies = [];
    const routes = [];
    const users: Array<{ username: string; full_name: string; email: null; roles: Role[]; agency_id: string; password_hash: string }> = [];
    for (let i = 1; i <= communes; i++) {
      const c = commune(i);
      agencies.push(
        { id: c.id, code: c.code, name: `Trung tâm Phục vụ hành chính công xã ${i}`, type: 'commune_centre' as const, parent_id: PROVINCE_ID, province_code: '99', place: `Xã ${i}` },
        { id: c.unit, code: `${c.code}.UBND`, name: `Văn phòng HĐND và UBND xã ${i}`, type: 'commune_unit' as const, parent_id: c.id, province_code: '99', place: `Xã ${i}` },
      );
      routes.push({ receiving_agency_id: c.id, handling_agency_type: 'commune_unit' as const, procedure_id: null, deciding_agency_id: c.unit });
      for (const o of COMMUNE_OFFICERS) {
        users.push({ username: `${c.prefix}-${o.suffix}`, full_name: `Cán bộ ${o.suffix} xã ${i}`, email: null, roles: o.roles, agency_id: o.inUnit ? c.unit : c.id, password_hash: hash });
      }
    }
    // Parents first: the centres, then their units.
    await tx.insertInto('agencies').values(agencies.filter((a) => a.type === 'commune_centre')).execute();
    await tx.insertInto('agencies').values(agencies.filter((a) => a.type === 'commune_unit')).execute();
    await tx.insertInto('agency_routes').values(routes).execute();
    users.push(
      { username: 'tinh-supervisor', full_name: 'Giám sát cấp tỉnh', email: null, roles: ['supervisor'], agency_id: PROVINCE_ID, password_hash: hash },
      { username: 'department', full_name: 'Cán bộ Sở Xây dựng', email: null, roles: ['specialist'], agency_id: 'so-xay-dung-demo', password_hash: hash },
      { username: 'police', full_name: 'Cán bộ Công an xã', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: hash },
      { username: 'insurance', full_name: 'Cán bộ BHXH', email: null, roles: ['specialist'], agency_id: 'bhxh-demo', password_hash: hash },
    );
    for (let i = 0; i < users.length; i += 500) await tx.insertInto('users').values(users.slice(i, i + 500)).execute();
    await sql`insert into audit_log (actor_username, action, target_type, target_id, agency_id, after)
      select 'bench', 'agency.create', 'agency', id, id, jsonb_build_object('id', id, 'name', name) from agencies where id like 'xa-%' and id <> 'xa-demo' and id <> 'xa-demo-ubnd'`.execute(tx);
  });
}
