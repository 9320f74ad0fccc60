/**
 * The supplement closer selects only the dossiers whose supplement deadline has passed (issue 18: it
 * opened a `FOR UPDATE` transaction for every dossier waiting for a supplement, every minute). On
 * PostgreSQL, a waiting dossier whose deadline is still ahead is held locked by another connection:
 * the closer closes the expired one without ever waiting for that lock (a lock timeout would fail it).
 */
import t from 'tap';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { closeExpiredSupplements } from '../../api/services/supplement-closer.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';

const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' };

for (const target of databaseTargets()) {
  t.test(`supplement closer on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    await addTestProcedure(ctx);
    const { app } = ctx;
    const db = ctx.handle.db;
    const reception = bearer(await ctx.token('reception'));
    ctx.clock.set('2026-03-02T02:00:00Z');
    const ask = async () => {
      const d = (await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } })).json();
      const asked = await app.inject({ method: 'POST', url: `/api/dossiers/${d.code}/request-supplement`, headers: reception, payload: { items: ['Giấy chứng sinh bản chính'] } });
      t.equal(asked.statusCode, 200, asked.body);
      return { code: d.code as string, deadline: new Date(asked.json().supplementDueAt) };
    };
    const early = await ask();
    ctx.clock.set('2026-03-09T02:00:00Z');
    const late = await ask();
    t.ok(late.deadline > early.deadline);
    ctx.clock.set(new Date(early.deadline.getTime() + 60_000));
    const version = async (code: string) => (await db.selectFrom('dossiers').select(['status', 'version']).where('code', '=', code).executeTakeFirstOrThrow());
    const lateBefore = await version(late.code);

    if (ctx.handle.kind === 'postgres') {
      const url = (ctx.handle as unknown as { url: string }).url;
      // The closer on its own connections, which give up on a lock after 5 s instead of waiting.
      const impatient = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2, options: '-c lock_timeout=5s' }) }) });
      t.teardown(() => impatient.destroy());
      let release!: () => void;
      const held = new Promise<void>((resolve) => { release = resolve; });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => { locked = resolve; });
      const holder = db.transaction().execute(async (tx) => {
        await tx.selectFrom('dossiers').select('id').where('code', '=', late.code).forUpdate().execute();
        locked();
        await held;
      });
      await isLocked;
      try {
        t.same(await closeExpiredSupplements(impatient, app.calendars, ctx.clock), [early.code], 'closed without waiting for the locked, not yet expired dossier');
      } finally {
        release();
        await holder;
      }
    } else {
      t.same(await app.closeExpiredSupplements(), [early.code], 'only the expired one');
    }
    t.equal((await version(early.code)).status, 'stopped');
    t.same(await version(late.code), lateBefore, 'the other one untouched');
    t.same(await app.closeExpiredSupplements(), [], 'nothing left to close');
    ctx.clock.set(new Date(late.deadline.getTime() + 60_000));
    t.same(await app.closeExpiredSupplements(), [late.code], 'its turn once its deadline has passed');
  });
}
