import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { migrateAll, pendingAll } from '../../api/db/migrate-all.ts';

for (const target of databaseTargets()) {
  t.test(`migrations on a blank ${target.name}`, async (t) => {
    const h = await target.open();
    t.teardown(() => h.close());
    t.ok((await pendingAll(h.db)).length > 0, 'a blank database has pending migrations');
    const applied = await migrateAll(h.db);
    t.ok(applied.includes('2026112601_platform'));
    t.same(await pendingAll(h.db), [], 'nothing pending afterwards');
    t.same(await migrateAll(h.db), [], 'running again applies nothing');
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(h.db);
    const names = tables.rows.map((r) => r.table_name);
    for (const table of ['agencies', 'users', 'refresh_tokens', 'login_throttle', 'audit_log']) t.ok(names.includes(table), table);
  });

  t.test(`the audit log is append-only on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    await h.db.insertInto('audit_log').values({ action: 'test.write', target_type: 'test' }).execute();
    await t.rejects(h.db.updateTable('audit_log').set({ action: 'changed' }).execute(), /append-only/);
    await t.rejects(h.db.deleteFrom('audit_log').execute(), /append-only/);
    const rows = await h.db.selectFrom('audit_log').select(['action']).execute();
    t.same(rows, [{ action: 'test.write' }]);
  });
}
