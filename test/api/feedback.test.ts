import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { demoOneTimeCode } from '../../api/services/identity.ts';

const ME = '001203012345';
const OTHER = '001203012346';
const applicant = { fullName: 'Nguyễn Văn An', personalId: ME, phone: '0912345678', email: 'an@example.vn', address: { province: 'Tỉnh Demo', commune: 'Xã Demo', detail: 'Thôn Đông' } };
const feedback = (over: Record<string, unknown> = {}) => ({
  applicant, kind: 'phan_anh', subject: 'Hẹn trả kết quả quá hạn', content: 'Hồ sơ của tôi đã quá ngày hẹn trả mà chưa nhận được thông báo nào.',
  publishConsent: true, resultDelivery: 'truc_tuyen', ...over,
});

for (const target of databaseTargets()) {
  t.test(`feedback and petitions online (${target.name})`, async (t) => {
    const ctx = await buildTestApp(target, {}, { autoStart: false });
    t.teardown(() => ctx.close());
    ctx.clock.set('2026-03-02T02:00:00Z');
    const { app } = ctx;
    const [reception, leader] = await Promise.all(['reception', 'leader'].map(async (u) => bearer(await ctx.token(u))));
    const identified = await app.inject({ method: 'POST', url: '/api/public/identify', payload: { idNumber: ME, oneTimeCode: demoOneTimeCode(ME) } });
    t.equal(identified.statusCode, 200, identified.body);
    const token = identified.json().token as string;
    const send = (payload: object, lang = 'vi', auth: string | null = token) => app.inject({ method: 'POST', url: '/api/public/feedback', headers: { 'accept-language': lang, ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, payload });
    const answers = async () => (await app.inject({ url: '/api/public/feedback/answers' })).json();
    const answer = async (code: string, reason: string) => {
      for (const [path, who, body] of [['accept', reception, {}], ['start-processing', reception, {}], ['decide', leader, { outcome: 'approved', reason }], ['return-result', reception, { mode: 'electronic' }]] as const) {
        const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/${path}`, headers: who, payload: body });
        t.equal(res.statusCode, 200, res.statusCode === 200 ? path : `${path}: ${res.body}`);
      }
    };

    t.test('the petitioner must be identified, and only under their own ID number', async (t) => {
      const anonymous = await send({ formData: feedback() }, 'vi', null);
      t.equal(anonymous.statusCode, 401);
      t.equal(anonymous.json().code, 'APPLICANT_TOKEN_REQUIRED');
      const other = await send({ formData: feedback({ applicant: { ...applicant, personalId: OTHER } }) });
      t.equal(other.statusCode, 403, other.body);
      t.equal(other.json().code, 'NOT_OWN_IDENTITY');
      t.equal(other.json().details[0].field, 'formData.applicant.personalId');
      t.equal(await ctx.handle.db.selectFrom('dossiers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)), 0, 'nothing written');
    });

    t.test('bad input: every bad field named, Vietnamese by default, English on request', async (t) => {
      const bad = await send({ formData: feedback({ kind: 'complaint', subject: 'x', content: 'short' }) });
      t.equal(bad.statusCode, 400);
      t.same(bad.json().details.map((d: { field: string }) => d.field).sort(), ['formData.content', 'formData.kind', 'formData.subject']);
      t.match(bad.json().message, /không hợp lệ/);
      const en = await send({ formData: feedback({ subject: undefined, applicant: { ...applicant, phone: '123' } }) }, 'en');
      t.equal(en.statusCode, 400);
      t.ok(en.json().details.some((d: { field: string }) => d.field === 'formData.applicant.phone'), en.body);
      t.match(en.json().message, /invalid/);
      const centre = await send({ centreId: 'nowhere', formData: feedback() });
      t.equal(centre.json().details[0].field, 'centreId');
    });

    let code = '';
    t.test('a feedback becomes a feedback-petition dossier in the centre\'s online queue, with a code', async (t) => {
      const res = await send({ formData: feedback() });
      t.equal(res.statusCode, 201, res.body);
      code = res.json().code;
      t.match(res.json(), { status: 'registered', lookup: `/tra-cuu?ma=${code}` });
      t.ok(res.json().reviewDueAt, 'reviewed within 8 working hours');
      const d = await ctx.handle.db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
      t.same({ procedure: d.procedure_id, channel: d.channel, receiving: d.receiving_agency_id, handling: d.handling_agency_id }, { procedure: 'feedback-petition', channel: 'online', receiving: 'xa-demo', handling: 'xa-demo-ubnd' });
      const outbox = await ctx.handle.db.selectFrom('outbox').select('topic').where('key', '=', code).execute();
      t.same(outbox.map((o) => o.topic), ['dossier.registered'], 'the process starts from the outbox');
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['actor_username']).where('target_id', '=', code).execute();
      t.same(audit.map((a) => a.actor_username), ['applicant:001*******45']);
      const queue = await app.inject({ url: '/api/dossiers?status=registered', headers: reception });
      t.ok(queue.json().items.some((i: { code: string }) => i.code === code), 'reception sees it');
    });

    t.test('answers are published only once sent, only with consent, without personal data', async (t) => {
      t.same((await answers()).items, [], 'not answered yet');
      const quiet = await send({ formData: feedback({ subject: 'Không công khai', publishConsent: false }) });
      t.equal(quiet.statusCode, 201);
      await answer(quiet.json().code, 'Trả lời riêng cho người phản ánh.');
      await answer(code, 'Ủy ban nhân dân xã đã kiểm tra và trả kết quả cho ông trong ngày 04/3/2026.');
      const list = await answers();
      t.equal(list.total, 1);
      t.match(list.items[0], { kind: 'phan_anh', subject: 'Hẹn trả kết quả quá hạn', answer: /đã kiểm tra/, agency: /Demo|demo/ });
      t.ok(list.items[0].answeredAt);
      t.notMatch(JSON.stringify(list), new RegExp(`Nguyễn|${ME}|0912345678|an@example|Thôn Đông|${code}|quá ngày hẹn trả mà`), 'no name, number, contact, content or code');
      t.equal((await app.inject({ url: '/api/public/feedback/answers?pageSize=0' })).statusCode, 400);
    });
  });
}
