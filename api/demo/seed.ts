/**
 * Demo data for development: a demo province with a commune centre, a commune People's Committee
 * unit, a police unit and a social insurance unit, one user per role, and the commune centre's routing
 * (its People's Committee office decides the commune procedures). Created once, on a fresh
 * database; never in production.
 */
import type { Kysely } from 'kysely';
import type { AgencyType, Database, Role } from '../db/database.ts';
import { hashPassword } from '../services/passwords.ts';
import { writeAudit } from '../services/audit.ts';

export const DEMO_AGENCIES: Array<{ id: string; code: string; name: string; type: AgencyType; parentId: string | null }> = [
  { id: 'tinh-demo', code: 'TINHDEMO', name: 'Văn phòng UBND tỉnh Demo', type: 'provincial_department', parentId: null },
  { id: 'xa-demo', code: 'XADEMO', name: 'Trung tâm Phục vụ hành chính công xã Demo', type: 'commune_centre', parentId: 'tinh-demo' },
  { id: 'xa-demo-ubnd', code: 'XADEMO.UBND', name: 'Văn phòng HĐND và UBND xã Demo', type: 'commune_unit', parentId: 'xa-demo' },
  { id: 'ca-xa-demo', code: 'CAXADEMO', name: 'Công an xã Demo', type: 'police', parentId: 'tinh-demo' },
  { id: 'bhxh-demo', code: 'BHXHDEMO', name: 'Bảo hiểm xã hội cơ sở Demo', type: 'social_insurance', parentId: 'tinh-demo' },
];

export const DEMO_USERS: Array<{ username: string; fullName: string; roles: Role[]; agencyId: string }> = [
  { username: 'province-admin', fullName: 'Quản trị hệ thống cấp tỉnh', roles: ['admin'], agencyId: 'tinh-demo' },
  { username: 'admin', fullName: 'Quản trị hệ thống', roles: ['admin'], agencyId: 'xa-demo' },
  { username: 'controller', fullName: 'Trần Thị Kiểm Soát', roles: ['procedure_controller'], agencyId: 'xa-demo' },
  { username: 'reception', fullName: 'Nguyễn Thị Tiếp Nhận', roles: ['receptionist'], agencyId: 'xa-demo' },
  { username: 'specialist', fullName: 'Lê Văn Chuyên Viên', roles: ['specialist'], agencyId: 'xa-demo-ubnd' },
  { username: 'leader', fullName: 'Phạm Văn Lãnh Đạo', roles: ['leader'], agencyId: 'xa-demo-ubnd' },
  { username: 'supervisor', fullName: 'Hoàng Thị Giám Sát', roles: ['supervisor'], agencyId: 'xa-demo' },
  { username: 'integration', fullName: 'Hệ thống tích hợp (tài khoản máy)', roles: ['integration'], agencyId: 'xa-demo' },
];

/** Seeds the demo data unless the database already has users; returns whether it seeded. */
export async function seedDemo(db: Kysely<Database>, password: string): Promise<boolean> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(password)));
  await db.transaction().execute(async (tx) => {
    const system = { actorId: null, actorUsername: 'system', actorRoles: [], agencyId: null, requestId: null, ip: null };
    for (const a of DEMO_AGENCIES) {
      await tx.insertInto('agencies').values({ id: a.id, code: a.code, name: a.name, type: a.type, parent_id: a.parentId, province_code: '99', place: a.type === 'provincial_department' ? 'Tỉnh Demo' : 'Xã Demo' }).execute();
      await writeAudit(tx, system, { action: 'agency.create', targetType: 'agency', targetId: a.id, after: a, agencyId: a.id });
    }
    // The commune centre receives; its People's Committee office decides the commune procedures.
    await tx.insertInto('agency_routes').values({ receiving_agency_id: 'xa-demo', handling_agency_type: 'commune_unit', procedure_id: null, deciding_agency_id: 'xa-demo-ubnd' }).execute();
    await writeAudit(tx, system, { action: 'agency.routing', targetType: 'agency', targetId: 'xa-demo', after: { defaults: [{ handlingAgencyType: 'commune_unit', decidingAgencyId: 'xa-demo-ubnd' }], procedures: [] }, agencyId: 'xa-demo' });
    for (const [i, u] of DEMO_USERS.entries()) {
      const row = await tx.insertInto('users').values({ username: u.username, full_name: u.fullName, email: null, roles: u.roles, agency_id: u.agencyId, password_hash: hashes[i]! })
        .returning('id').executeTakeFirstOrThrow();
      await writeAudit(tx, system, { action: 'user.create', targetType: 'user', targetId: row.id, after: { username: u.username, roles: u.roles }, agencyId: u.agencyId });
    }
    // The receiving officer's work phone, printed on the supplement request (form 02).
    await tx.updateTable('users').set({ phone: '0269 3822 111' }).where('username', '=', 'reception').execute();
  });
  return true;
}
