/** The 10,000th reception of one agency in a day gets a five-digit sequence (it answered 500 before). */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { addCatalogueProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';


for (const target of databaseTargets()) {
  t.test(`a busy day widens the dossier code on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR });
    t.teardown(() => ctx.close());
    await addCatalogueProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z');
    await ctx.handle.db.insertInto('dossier_code_counters').values({ agency_id: 'xa-demo', day: '2026-03-02', last: 9_998 }).execute();
    const reception = bearer(await ctx.token('reception'));
    const applicant = { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678', address: 'Thôn Đông' };
    const receive = () => ctx.app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData: { applicant, childName: 'Bé', dateOfBirth: '2026-02-20' } } });
    const last = await receive();
    t.equal(last.json().code, 'XADEMO-260302-9999', last.body);
    const next = await receive();
    t.equal(next.statusCode, 201, next.body);
    t.equal(next.json().code, 'XADEMO-260302-10000');
    const lookup = await ctx.app.inject({ url: '/api/dossiers/XADEMO-260302-10000', headers: reception });
    t.equal(lookup.statusCode, 200, 'and it is found by its code');
  });
}
