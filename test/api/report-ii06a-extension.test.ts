/**
 * Report II.06a after an extension (issue 15, item 6): a dossier extended in time is judged against its
 * extended due date; one whose extension (and apology, form 04) came after the Art. 19.6 deadline is
 * still judged against its original due date — finished or still open.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';

for (const target of databaseTargets()) {
  t.test(`II.06a judges an extended dossier by the rule on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    await ctx.handle.db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch',
      legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
    }).execute();
    const [reception, specialist, leader, supervisor] = await Promise.all(['reception', 'specialist', 'leader', 'supervisor'].map(async (u) => bearer(await ctx.token(u))));
    const post = async (code: string, path: string, headers: Record<string, string>, payload: object, at: string) => {
      ctx.clock.set(at);
      const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/${path}`, headers, payload });
      t.equal(res.statusCode, 200, `${path}: ${res.body}`);
    };
    const receive = async (at: string) => {
      ctx.clock.set(at);
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: {
        procedureId: 'test-procedure', channel: 'in_person', formData: { applicant: { fullName: 'Mai Văn Tư', personalId: '001203012345' }, childName: 'Bé Tư', dateOfBirth: '2026-02-01' },
      } });
      t.equal(res.json().dueAt, '2026-03-05T10:00:00.000Z', 'due Thu 5/3 17:00');
      return res.json().code as string;
    };
    const finish = async (code: string, at: string) => {
      await post(code, 'start-processing', reception, {}, at);
      await post(code, 'decide', leader, { outcome: 'approved' }, at);
      await post(code, 'return-result', reception, { mode: 'paper' }, at);
    };
    const newDue = '2026-03-11T10:00:00Z'; // Wed 11/3 17:00

    const inTime = await receive('2026-03-02T02:00:00Z');
    await post(inTime, 'extend', specialist, { newDueAt: newDue, reason: 'Cần xác minh' }, '2026-03-03T02:00:00Z'); // Tue: in time
    const late = await receive('2026-03-02T03:00:00Z');
    await post(late, 'extend', specialist, { newDueAt: newDue, reason: 'Cần xác minh' }, '2026-03-05T02:00:00Z'); // Thu, the due day: late
    const lateOpen = await receive('2026-03-02T04:00:00Z');
    await post(lateOpen, 'extend', specialist, { newDueAt: newDue, reason: 'Cần xác minh' }, '2026-03-05T03:00:00Z');
    await finish(inTime, '2026-03-09T02:00:00Z'); // Mon 9/3: after the original date, before the extended one
    await finish(late, '2026-03-09T02:00:00Z');

    ctx.clock.set('2026-03-10T02:00:00Z');
    const res = await app.inject({ url: '/api/reports/ii06a?from=2026-03-01&to=2026-03-31', headers: supervisor });
    t.equal(res.statusCode, 200, res.body);
    const row = res.json().rows.find((r: { field: string }) => r.field === 'Hộ tịch');
    t.same(row.resolved, { total: 2, early: 1, onTime: 0, late: 1 }, 'in time: early against 11/3; late extension: late against 5/3');
    t.same(row.inProgress, { total: 1, withinDue: 0, overdue: 1 }, 'a late extension does not make an open dossier in time');
  });
}
