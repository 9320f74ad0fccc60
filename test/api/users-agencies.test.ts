import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';

for (const target of databaseTargets()) {
  t.test(`users and agencies on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target);
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const admin = bearer(await ctx.token('admin'));

    t.test('an admin creates a user in a unit of their agency; the user logs in; every change is audited', async (t) => {
      const created = await app.inject({
        method: 'POST', url: '/api/users', headers: admin,
        payload: { username: 'Tuphap01', fullName: 'Đỗ Thị Tư Pháp', agencyId: 'xa-demo-ubnd', roles: ['specialist'], password: 'mat-khau-rat-dai-1' },
      });
      t.equal(created.statusCode, 201);
      const user = created.json();
      t.match(user, { username: 'tuphap01', fullName: 'Đỗ Thị Tư Pháp', roles: ['specialist'], agencyId: 'xa-demo-ubnd', disabled: false });
      t.notOk('password' in user || 'passwordHash' in user || 'password_hash' in user, 'no password in the response');
      t.ok(await ctx.token('tuphap01', 'mat-khau-rat-dai-1'));

      const roles = await app.inject({ method: 'PUT', url: `/api/users/${user.id}/roles`, headers: admin, payload: { roles: ['specialist', 'leader'] } });
      t.same(roles.json().roles, ['specialist', 'leader']);
      const reset = await app.inject({ method: 'POST', url: `/api/users/${user.id}/reset-password`, headers: admin, payload: { password: 'mat-khau-moi-dai-2' } });
      t.equal(reset.statusCode, 200);
      await t.rejects(ctx.token('tuphap01', 'mat-khau-rat-dai-1'), /401/);
      t.ok(await ctx.token('tuphap01', 'mat-khau-moi-dai-2'));

      const audit = await app.inject({ url: `/api/audit?targetType=user&targetId=${user.id}`, headers: admin });
      t.equal(audit.statusCode, 200);
      const actions = audit.json().items.map((r: { action: string }) => r.action);
      t.same(actions.filter((a: string) => a.startsWith('user.')), ['user.reset_password', 'user.roles', 'user.create']);
      const rolesRow = audit.json().items.find((r: { action: string }) => r.action === 'user.roles');
      t.same(rolesRow.before.roles, ['specialist']);
      t.same(rolesRow.after.roles, ['specialist', 'leader']);
      t.equal(rolesRow.actorUsername, 'admin');
      t.ok(rolesRow.requestId);
      t.notOk(JSON.stringify(audit.json()).includes('scrypt$'), 'no password hash in the audit');
    });

    t.test('agency isolation: another agency\'s user is 404, and cannot be created there', async (t) => {
      const police = await ctx.handle.db.insertInto('users').values({ username: 'canbo.ca', full_name: 'Cán bộ Công an', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      for (const req of [
        { method: 'GET', url: `/api/users/${police.id}` },
        { method: 'PATCH', url: `/api/users/${police.id}`, payload: { fullName: 'Đổi tên' } },
        { method: 'POST', url: `/api/users/${police.id}/disable` },
        { method: 'PUT', url: `/api/users/${police.id}/roles`, payload: { roles: ['admin'] } },
      ] as const) {
        const res = await app.inject({ ...req, headers: admin });
        t.equal(res.statusCode, 404, `${req.method} ${req.url}`);
      }
      const list = await app.inject({ url: '/api/users?pageSize=200', headers: admin });
      t.notOk(list.json().items.some((u: { username: string }) => u.username === 'canbo.ca'), 'not listed');
      const elsewhere = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'intruder', fullName: 'Kẻ xâm nhập', agencyId: 'ca-xa-demo', roles: ['admin'], password: 'mat-khau-rat-dai-1' } });
      t.equal(elsewhere.statusCode, 400);
      t.equal(elsewhere.json().details[0].field, 'agencyId');
      const row = await ctx.handle.db.selectFrom('users').select(['full_name', 'disabled']).where('id', '=', police.id).executeTakeFirstOrThrow();
      t.same(row, { full_name: 'Cán bộ Công an', disabled: false }, 'nothing changed');
    });

    t.test('the audit log shows only the supervisor\'s own agencies', async (t) => {
      const supervisor = bearer(await ctx.token('supervisor'));
      const res = await app.inject({ url: '/api/audit?pageSize=200', headers: supervisor });
      t.equal(res.statusCode, 200);
      const agencies = new Set(res.json().items.map((r: { agencyId: string }) => r.agencyId));
      t.ok(agencies.has('xa-demo'));
      t.notOk(agencies.has('ca-xa-demo') || agencies.has('bhxh-demo') || agencies.has('tinh-demo'), `only own subtree: ${[...agencies].join(',')}`);
    });

    t.test('agencies: directory for all, changes for admins in their subtree', async (t) => {
      const reception = bearer(await ctx.token('reception'));
      const list = await app.inject({ url: '/api/agencies', headers: reception });
      t.equal(list.statusCode, 200);
      t.ok(list.json().length >= 5);
      const created = await app.inject({ method: 'POST', url: '/api/agencies', headers: admin, payload: { id: 'xa-demo-kt', code: 'XADEMO.KT', name: 'Phòng Kinh tế xã Demo', type: 'commune_unit', parentId: 'xa-demo' } });
      t.equal(created.statusCode, 201);
      const dup = await app.inject({ method: 'POST', url: '/api/agencies', headers: admin, payload: { id: 'xa-demo-kt', code: 'OTHER', name: 'Trùng', type: 'commune_unit', parentId: 'xa-demo' } });
      t.equal(dup.statusCode, 409);
      const outside = await app.inject({ method: 'PATCH', url: '/api/agencies/ca-xa-demo', headers: admin, payload: { name: 'Đổi' } });
      t.equal(outside.statusCode, 404);
      const cycle = await app.inject({ method: 'PATCH', url: '/api/agencies/xa-demo', headers: admin, payload: { parentId: 'xa-demo-kt' } });
      t.equal(cycle.statusCode, 400, 'an agency cannot move under its own child');
    });

    t.test('an audit row rolls back with its change', async (t) => {
      const before = await ctx.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      await t.rejects(ctx.handle.db.transaction().execute(async (tx) => {
        const { writeAudit } = await import('../../api/services/audit.ts');
        await tx.updateTable('agencies').set({ name: 'Tên tạm' }).where('id', '=', 'xa-demo').execute();
        await writeAudit(tx, { actorId: null, actorUsername: 'test', actorRoles: [], agencyId: 'xa-demo', requestId: null, ip: null }, { action: 'agency.update', targetType: 'agency', targetId: 'xa-demo' });
        throw new Error('the change fails after its audit row');
      }), /fails/);
      const after = await ctx.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      t.equal(Number(after.n), Number(before.n), 'no orphan audit row');
      const name = await ctx.handle.db.selectFrom('agencies').select('name').where('id', '=', 'xa-demo').executeTakeFirstOrThrow();
      t.equal(name.name, 'Trung tâm Phục vụ hành chính công xã Demo');
    });
  });
}
