/**
 * Migration 2026120301_sessions on a database with live and revoked refresh-token families: every
 * family becomes a session, revoked when its tokens were, so old sessions keep working through
 * /api/auth/refresh and ended ones stay ended.
 */
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { databaseTargets } from '../helpers/databases.ts';
import { migrateSet } from '../../api/db/migrate.ts';
import { migrations } from '../../api/db/migrations/index.ts';

const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026120301_sessions'));

for (const target of databaseTargets()) {
  t.test(`sessions from existing refresh-token families on ${target.name}`, async (t) => {
    const h = await target.open();
    t.teardown(() => h.close());
    await migrateSet(h.db, before, 'app_migration');
    await h.db.insertInto('agencies').values({ id: 'a', code: 'A', name: 'A', type: 'commune_centre', parent_id: null, province_code: null }).execute();
    const user = await h.db.insertInto('users').values({ username: 'u', full_name: 'U', email: null, password_hash: 'x', roles: ['receptionist'], agency_id: 'a' }).returning('id').executeTakeFirstOrThrow();
    const [live, revoked] = [randomUUID(), randomUUID()];
    const at = (s: string) => new Date(`2026-03-02T0${s}:00:00Z`);
    const token = (family: string, created: string, used: boolean, revokedAt: Date | null) => ({
      user_id: user.id, family_id: family, token_hash: randomUUID(), expires_at: at('9'), created_at: at(created), used_at: used ? at(created) : null, revoked_at: revokedAt,
    });
    await h.db.insertInto('refresh_tokens').values([
      token(live, '1', true, null), token(live, '2', false, null),
      token(revoked, '3', true, at('5')), token(revoked, '4', false, at('5')),
    ]).execute();
    await migrateSet(h.db, migrations, 'app_migration');
    const sessions = await h.db.selectFrom('sessions').selectAll().orderBy('created_at').execute();
    t.same(sessions, [
      { id: live, user_id: user.id, created_at: at('1'), revoked_at: null },
      { id: revoked, user_id: user.id, created_at: at('3'), revoked_at: at('5') },
    ]);
    await t.rejects(h.db.insertInto('refresh_tokens').values(token(randomUUID(), '6', false, null)).execute(), /foreign key/, 'a token belongs to a session');
  });
}
