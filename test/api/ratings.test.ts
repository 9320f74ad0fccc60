import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';
import { RATING_CRITERIA } from '../../api/domain/rating/index.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const applicant = { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678', address: 'Thôn Đông, xã Demo' };
const formData = { applicant, childName: 'Nguyễn Thị Bình', dateOfBirth: '2026-02-20' };
const allGrades = (grade: string) => Object.fromEntries(RATING_CRITERIA.map((c) => [c.key, grade]));

async function addProcedure(ctx: TestApp) {
  await ctx.handle.db.insertInto('procedures').values({
    id: 'test-procedure', national_code: '9.999999', name_vi: 'Thủ tục thử nghiệm', name_en: 'Test procedure', field: 'Hộ tịch',
    legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
  }).execute();
}

for (const target of databaseTargets()) {
  t.test(`satisfaction ratings (${target.name})`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    await addProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z');
    const { app, config } = ctx;
    const [reception, leader, specialist] = await Promise.all(['reception', 'leader', 'specialist'].map(async (u) => bearer(await ctx.token(u))));
    const post = (url: string, payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers, payload });
    const receive = async () => {
      const res = await post('/api/dossiers', { procedureId: 'test-procedure', channel: 'in_person', formData }, reception);
      t.equal(res.statusCode, 201, res.body);
      return res.json().code as string;
    };
    const finish = async (code: string) => {
      for (const [path, who, body] of [['start-processing', reception, {}], ['decide', leader, { outcome: 'approved' }], ['return-result', reception, { mode: 'paper' }]] as const) {
        const res = await post(`/api/dossiers/${code}/${path}`, body, who);
        t.equal(res.statusCode, 200, res.statusCode === 200 ? path : `${path}: ${res.body}`);
      }
    };
    const rate = (code: string, body: object, lang = 'vi') => post(`/api/public/dossiers/${code}/rating`, body, { 'accept-language': lang });

    const code = await receive();
    const pin = lookupPin(config.jwtSecret, code);

    t.test('an unfinished dossier cannot be rated yet (409) and says so before anything is graded', async (t) => {
      const state = await app.inject({ url: `/api/public/dossiers/${code}/rating` });
      t.equal(state.statusCode, 200);
      t.same({ ratable: state.json().ratable, rated: state.json().rated, criteria: state.json().criteria.length, grades: state.json().grades.length }, { ratable: false, rated: false, criteria: 9, grades: 3 });
      t.notMatch(state.body, /Nguyễn|001203012345|0912345678/, 'no personal data');
      const early = await rate(code, { pin, scores: allGrades('satisfied') });
      t.equal(early.statusCode, 409);
      t.equal(early.json().code, 'RATING_NOT_YET');
      t.match(early.json().message, /chưa được trả kết quả/);
      const en = await rate(code, { pin, scores: allGrades('satisfied') }, 'en');
      t.match(en.json().message, /not been returned/);
    });

    t.test('bad input: each bad field named, Vietnamese or English', async (t) => {
      const bad = await rate(code, { scores: { ...allGrades('satisfied'), total_time: 'great', visits: undefined, beauty: 'satisfied' } });
      t.equal(bad.statusCode, 400);
      t.same(bad.json().details.map((d: { field: string }) => d.field).sort(), ['pin', 'scores.beauty', 'scores.total_time', 'scores.visits']);
      t.match(bad.json().details.find((d: { field: string }) => d.field === 'scores.visits').message, /chưa chọn/);
      const en = await rate(code, { pin: '12', comment: 'x'.repeat(1001) }, 'en');
      t.equal(en.statusCode, 400);
      t.same(en.json().details.map((d: { field: string }) => d.field).sort(), ['comment', 'pin', 'scores']);
      t.match(en.json().details.find((d: { field: string }) => d.field === 'pin').message, /6 digits/);
      t.equal((await rate('XADEMO-260302-9999', { pin, scores: allGrades('satisfied') })).statusCode, 404, 'unknown code');
    });

    t.test('the applicant rates once with code and PIN; a wrong PIN is refused; a second rating is 409', async (t) => {
      await finish(code);
      const wrongPin = String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
      const wrong = await rate(code, { pin: wrongPin, scores: allGrades('satisfied') });
      t.equal(wrong.statusCode, 403);
      t.equal(wrong.json().code, 'WRONG_LOOKUP_PIN');
      t.equal(wrong.json().details[0].field, 'pin');
      t.equal((await app.inject({ url: `/api/public/dossiers/${code}/rating` })).json().ratable, true);
      const scores = { ...allGrades('very_satisfied'), staff_conduct: 'not_satisfied' };
      const ok = await rate(code.toLowerCase(), { pin: `${pin.slice(0, 3)} ${pin.slice(3)}`, scores, comment: '  Cán bộ Trần Văn Bình hướng dẫn chưa rõ.  ' });
      t.equal(ok.statusCode, 201, ok.body);
      t.equal(ok.json().dissatisfied, true);
      const row = await ctx.handle.db.selectFrom('dossier_ratings').selectAll().executeTakeFirstOrThrow();
      t.same({ channel: row.channel, agency: row.agency_id, procedure: row.procedure_id, dissatisfied: row.dissatisfied, comment: row.comment, scores: row.scores },
        { channel: 'lookup', agency: 'xa-demo', procedure: 'test-procedure', dissatisfied: true, comment: 'Cán bộ Trần Văn Bình hướng dẫn chưa rõ.', scores });
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['action', 'target_id', 'agency_id', 'after', 'actor_roles']).where('action', '=', 'dossier.rate').execute();
      t.equal(audit.length, 1, 'one audit row');
      t.same({ target: audit[0]!.target_id, agency: audit[0]!.agency_id, roles: audit[0]!.actor_roles }, { target: code, agency: 'xa-demo', roles: ['applicant'] });
      t.notMatch(JSON.stringify(audit[0]), /Nguyễn|Bình|001203012345|hướng dẫn/, 'no personal data or comment text in the audit row');
      const again = await rate(code, { pin, scores: allGrades('satisfied') });
      t.equal(again.statusCode, 409);
      t.equal(again.json().code, 'ALREADY_RATED');
      t.match(again.json().message, /đã được đánh giá/);
      const kiosk = await post(`/api/kiosk/dossiers/${code}/rating`, { scores: allGrades('satisfied') }, reception);
      t.equal(kiosk.statusCode, 409, 'nor again at the kiosk');
      const state = (await app.inject({ url: `/api/public/dossiers/${code}/rating` })).json();
      t.same({ ratable: state.ratable, rated: state.rated }, { ratable: false, rated: true });
      t.equal(await ctx.handle.db.selectFrom('dossier_ratings').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)), 1);
    });

    t.test('PIN guesses are bounded as on the lookup: ten wrong ones lock the code for an hour', async (t) => {
      const c5 = await receive();
      await finish(c5);
      const right = lookupPin(config.jwtSecret, c5);
      const wrong = String((Number(right) + 7) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 10; i++) t.equal((await rate(c5, { pin: wrong, scores: allGrades('satisfied') })).statusCode, 403, `wrong PIN ${i + 1}`);
      const locked = await rate(c5, { pin: right, scores: allGrades('satisfied') });
      t.equal(locked.statusCode, 429, 'locked: even the right PIN is refused');
      t.equal(locked.json().code, 'LOOKUP_PIN_LOCKED');
      t.ok(Number(locked.headers['retry-after']) > 0, 'with Retry-After');
      const failures = await ctx.handle.db.selectFrom('audit_log').select('target_id').where('action', '=', 'lookup.pin_failed').where('target_id', '=', c5).execute();
      t.equal(failures.length, 10, 'each wrong PIN audited');
      ctx.clock.set('2026-03-02T03:01:00Z');
      t.equal((await rate(c5, { pin: right, scores: allGrades('satisfied') })).statusCode, 201, 'an hour later the right PIN rates');
    });

    t.test('two ratings sent at once: one is stored, the other is 409', async (t) => {
      const c2 = await receive();
      await finish(c2);
      const p2 = lookupPin(config.jwtSecret, c2);
      const res = await Promise.all([rate(c2, { pin: p2, scores: allGrades('satisfied') }), rate(c2, { pin: p2, scores: allGrades('very_satisfied') })]);
      t.same(res.map((r) => r.statusCode).sort(), [201, 409]);
    });

    t.test('the kiosk: receptionists of the receiving agency only; kiosk and paper channels', async (t) => {
      const c3 = await receive();
      const kiosk = (body: object, headers: Record<string, string>) => post(`/api/kiosk/dossiers/${c3}/rating`, body, headers);
      t.equal((await app.inject({ url: `/api/kiosk/dossiers/${c3}/rating` })).statusCode, 401, 'signed in only');
      t.equal((await kiosk({ scores: allGrades('satisfied') }, specialist)).statusCode, 403, 'receptionists only');
      const hash = (await ctx.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'reception').executeTakeFirstOrThrow()).password_hash;
      await ctx.handle.db.insertInto('users').values({ username: 'police-desk', full_name: 'Cán bộ Công an', email: null, roles: ['receptionist'], agency_id: 'ca-xa-demo', password_hash: hash }).execute();
      const police = bearer(await ctx.token('police-desk'));
      t.equal((await app.inject({ url: `/api/kiosk/dossiers/${c3}/rating`, headers: police })).statusCode, 404, "another agency's dossier is none");
      t.equal((await kiosk({ scores: allGrades('satisfied') }, police)).statusCode, 404);
      const early = await kiosk({ scores: allGrades('satisfied') }, reception);
      t.equal(early.json().code, 'RATING_NOT_YET');
      await finish(c3);
      t.equal((await app.inject({ url: `/api/kiosk/dossiers/${c3}/rating`, headers: reception })).json().ratable, true);
      const bad = await kiosk({ scores: {}, channel: 'sms' }, { ...reception, 'accept-language': 'en' });
      t.equal(bad.statusCode, 400);
      t.ok(bad.json().details.some((d: { field: string }) => d.field.includes('channel')), bad.body);
      const ok = await kiosk({ scores: allGrades('very_satisfied') }, reception);
      t.equal(ok.statusCode, 201, ok.body);
      t.equal(ok.json().dissatisfied, false);
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['actor_username', 'after']).where('action', '=', 'dossier.rate').where('target_id', '=', c3).executeTakeFirstOrThrow();
      t.equal(audit.actor_username, 'reception');
      t.match(audit.after, { channel: 'kiosk', dissatisfied: false });
      const c4 = await receive();
      await finish(c4);
      const paper = await post(`/api/kiosk/dossiers/${c4}/rating`, { channel: 'paper', scores: allGrades('satisfied') }, reception);
      t.equal(paper.statusCode, 201, paper.body);
      t.equal((await ctx.handle.db.selectFrom('dossier_ratings').innerJoin('dossiers', 'dossiers.id', 'dossier_ratings.dossier_id').select('dossier_ratings.channel').where('dossiers.code', '=', c4).executeTakeFirstOrThrow()).channel, 'paper');
    });
  });
}
