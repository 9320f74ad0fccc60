/**
 * Notifications that reach the applicant (issue 14): the dossier's events queue e-mail and SMS in
 * their own transaction; the workers send them from the outbox to a real SMTP server (smtp-server on
 * an ephemeral port) and the demo SMS provider (the log, number masked); each attempt is recorded
 * and shown by `GET /api/dossiers/:code/deliveries`; a refusing server (550) is retried with backoff,
 * then the delivery is marked failed, as is a refused connection; a dossier with neither address, or a
 * channel switched off, gets a visible `no-channel` row.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';
import { mailHeaders, mailText, mimeParts, startSmtpSink, type SmtpSink } from './smtp-sink.ts';

const formData = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/marital-status-confirmation.json', import.meta.url), 'utf8')) as { applicant: Record<string, unknown> };
const EMAIL = 'an.nguyen@example.vn';
const PHONE = '0912345678';

async function setup(t: Test, sink: SmtpSink, target: ReturnType<typeof databaseTargets>[number], env: Record<string, string> = {}): Promise<TestApp & { receive(form?: object): Promise<string>; deliveries(code: string): Promise<Array<Record<string, unknown>>>; drain(): Promise<number> }> {
  const ctx = await buildTestApp(target, { SMTP_URL: sink.url, SMS_PROVIDER: 'demo', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '1000', ...env }, { autoStart: false });
  t.teardown(async () => { await ctx.close(); await sink.close(); });
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
  const reception = bearer(await ctx.token('reception'));
  return Object.assign(ctx, {
    async receive(form: object = formData) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'marital-status-confirmation', channel: 'in_person', formData: form } });
      if (res.statusCode !== 201) throw new Error(`not received: ${res.body}`);
      return (res.json() as { code: string }).code;
    },
    async deliveries(code: string) {
      const res = await ctx.app.inject({ url: `/api/dossiers/${code}/deliveries`, headers: reception });
      if (res.statusCode !== 200) throw new Error(`deliveries: ${res.statusCode} ${res.body}`);
      return (res.json() as { items: Array<Record<string, unknown>> }).items;
    },
    drain: () => ctx.app.workers.outbox!.drain(),
  });
}

for (const target of databaseTargets()) {
  t.test(`applicant notifications over real SMTP on ${target.name}`, async (t) => {
    const sink = await startSmtpSink();
    const ctx = await setup(t, sink, target);
    const db = ctx.handle.db;
    const code = await ctx.receive();
    const pin = lookupPin(ctx.config.jwtSecret, code);

    t.test('receipt: queued with the dossier in one transaction, sent by the worker', async (t) => {
      const queued = await db.selectFrom('applicant_deliveries').select(['kind', 'channel', 'status']).where('dossier_code', '=', code).orderBy('id').execute();
      t.same(queued, [{ kind: 'receipt', channel: 'email', status: 'queued' }, { kind: 'receipt', channel: 'sms', status: 'queued' }], 'written with the dossier, nothing sent yet');
      const events = await db.selectFrom('outbox').select('topic').where('topic', '=', 'applicant.delivery').execute();
      t.equal(events.length, 2, 'one outbox event per delivery');
      t.equal(sink.mails.length, 0);

      t.equal(await ctx.drain(), 2);
      t.equal(sink.mails.length, 1, 'the SMTP server received one mail');
      const mail = sink.mails[0]!;
      t.same(mail.to, [EMAIL], 'to the applicant\'s address from the form');
      const headers = mailHeaders(mail.raw);
      t.equal(headers.subject, `Biên nhận hồ sơ ${code}`);
      const text = mailText(mail.raw);
      t.match(text, code, 'the dossier code');
      t.match(text, `Mã tra cứu (PIN): ${pin}`, 'the lookup PIN');
      t.match(text, `/tra-cuu?ma=${code}`, 'the lookup link');
      t.match(text, 'Ngày hẹn trả kết quả: 05/03/2026 17:00', 'the due date (3 working days)');
      t.match(text, 'Cấp Giấy xác nhận tình trạng hôn nhân');

      const sms = ctx.logs.filter((l) => l.includes('demo SMS'));
      t.equal(sms.length, 1, 'the demo SMS provider logged the message');
      t.match(sms[0], '091****678', 'the number masked');
      t.match(sms[0], `Ho so ${code} da duoc tiep nhan. Hen tra: 05/03/2026. Ma tra cuu: ******.`, 'the text, without diacritics, the PIN masked');
      t.notOk(ctx.logs.some((l) => l.includes(PHONE)), 'no log line has the full phone number');
      t.notOk(ctx.logs.some((l) => l.includes(pin)), 'nor the lookup PIN');

      const log = await ctx.deliveries(code);
      t.match(log, [
        { kind: 'receipt', channel: 'email', address: 'a***n@example.vn', status: 'sent', attempts: 1, lastError: null, providerMessageId: /.+/ },
        { kind: 'receipt', channel: 'sms', address: '091****678', status: 'sent', attempts: 1, providerMessageId: /^demo-/ },
      ]);
      t.notOk(JSON.stringify(log).includes(EMAIL) || JSON.stringify(log).includes(PHONE), 'the log shows addresses masked');

      const audit = await db.selectFrom('audit_log').select(['action', 'actor_username', 'target_id', 'after']).where('action', '=', 'applicant.delivery').orderBy('id').execute();
      t.match(audit, [
        { actor_username: 'system:applicant-notify', target_id: code, after: { kind: 'receipt', channel: 'email', address: 'a***n@example.vn', status: 'sent', attempts: 1 } },
        { target_id: code, after: { channel: 'sms', address: '091****678', status: 'sent' } },
      ], 'each recorded attempt audited, the address masked');
      t.notOk(JSON.stringify(audit).includes(EMAIL) || JSON.stringify(audit).includes(PHONE));
      t.equal(await ctx.drain(), 0, 'nothing left');
      t.equal(sink.mails.length, 1, 'never twice');
    });

    t.test('extension: form 04 attached to the e-mail as a PDF', async (t) => {
      const specialist = bearer(await ctx.token('specialist'));
      const res = await ctx.app.inject({ method: 'POST', url: `/api/dossiers/${code}/extend`, headers: specialist, payload: { newDueAt: '2026-03-10T10:00:00Z', reason: 'Cần xác minh thêm' } });
      t.equal(res.statusCode, 200, res.statusCode === 200 ? 'accepted' : res.body);
      await ctx.drain();
      t.equal(sink.mails.length, 2);
      const mail = sink.mails[1]!;
      t.same(mail.to, [EMAIL]);
      t.equal(mailHeaders(mail.raw).subject, `Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${code}`);
      const text = mailText(mail.raw);
      t.match(text, 'Thời hạn trả kết quả mới: 10/03/2026 17:00');
      t.match(text, 'Lý do: Cần xác minh thêm');
      t.match(text, pin);
      const pdf = mimeParts(mail.raw).find((p) => p.headers['content-type']?.startsWith('application/pdf'));
      t.ok(pdf, 'a PDF attachment');
      t.match(pdf!.headers['content-disposition'], `${code}-mau-04.pdf`);
      t.equal(pdf!.body.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF document');
      t.ok(pdf!.body.length > 1000);
      t.match((await ctx.deliveries(code)).slice(2), [{ kind: 'extension', channel: 'email', status: 'sent' }, { kind: 'extension', channel: 'sms', status: 'sent' }]);
    });

    t.test('supplement request and result ready', async (t) => {
      const second = await ctx.receive();
      const [specialist, reception, leader] = await Promise.all(['specialist', 'reception', 'leader'].map(async (u) => bearer(await ctx.token(u))));
      const post = (path: string, headers: Record<string, string>, payload: object = {}) => ctx.app.inject({ method: 'POST', url: `/api/dossiers/${second}/${path}`, headers, payload });
      t.equal((await post('start-processing', reception)).statusCode, 200);
      t.equal((await post('request-supplement', specialist, { items: ['Bản sao giấy chứng sinh'], reason: 'Bản chụp mờ' })).statusCode, 200);
      await ctx.drain();
      const supplement = sink.mails.at(-1)!;
      t.equal(mailHeaders(supplement.raw).subject, `Hồ sơ ${second} cần bổ sung, hoàn thiện`);
      t.match(mailText(supplement.raw), '- Bản sao giấy chứng sinh');
      t.equal((await post('receive-supplement', reception)).statusCode, 200);
      t.equal((await post('decide', leader, { outcome: 'approved' })).statusCode, 200);
      await ctx.drain();
      const result = sink.mails.at(-1)!;
      t.equal(mailHeaders(result.raw).subject, `Hồ sơ ${second} đã có kết quả`);
      t.match(mailText(result.raw), lookupPin(ctx.config.jwtSecret, second));
      t.same((await ctx.deliveries(second)).map((d) => `${d.kind}/${d.channel}/${d.status}`),
        ['receipt/email/sent', 'receipt/sms/sent', 'supplement/email/sent', 'supplement/sms/sent', 'result/email/sent', 'result/sms/sent'],
        'no message for the steps the applicant is not told of (processing, supplement received)');
    });

    t.test('a dossier with neither e-mail nor phone: a visible no-channel row, not an error', async (t) => {
      const third = await ctx.receive();
      const applicant = { ...formData.applicant };
      delete applicant.email;
      delete applicant.phone;
      await db.updateTable('dossiers').set({ form_data: JSON.stringify({ ...formData, applicant }), applicant: JSON.stringify({ fullName: applicant.fullName }) }).where('code', '=', third).execute();
      const specialist = bearer(await ctx.token('specialist'));
      const res = await ctx.app.inject({ method: 'POST', url: `/api/dossiers/${third}/request-supplement`, headers: specialist, payload: { items: ['Tờ khai'] } });
      t.equal(res.statusCode, 200, res.statusCode === 200 ? 'accepted' : res.body);
      t.match((await ctx.deliveries(third)).at(-1), { kind: 'supplement', channel: 'none', address: null, status: 'no-channel', attempts: 0 });
      const none = await db.selectFrom('applicant_deliveries').select('id').where('dossier_code', '=', third).where('channel', '=', 'none').executeTakeFirstOrThrow();
      const events = await db.selectFrom('outbox').select('key').where('topic', '=', 'applicant.delivery').where('key', '=', String(none.id)).execute();
      t.same(events, [], 'no outbox event for the no-channel row: there is nothing to send');
    });

    t.test('scoped like the dossier: another agency gets 404', async (t) => {
      await db.insertInto('users').values({ username: 'police', full_name: 'Cán bộ Công an', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: (await db.selectFrom('users').select('password_hash').where('username', '=', 'specialist').executeTakeFirstOrThrow()).password_hash }).execute();
      const police = bearer(await ctx.token('police'));
      t.equal((await ctx.app.inject({ url: `/api/dossiers/${code}/deliveries`, headers: police })).statusCode, 404);
      t.equal((await ctx.app.inject({ url: `/api/dossiers/${code}/deliveries` })).statusCode, 401);
    });
  });

  t.test(`a refusing SMTP server: retried from the outbox, then failed, on ${target.name}`, async (t) => {
    const sink = await startSmtpSink({ refuse: true });
    const ctx = await setup(t, sink, target);
    const code = await ctx.receive();
    const email = async () => (await ctx.deliveries(code)).find((d) => d.channel === 'email')!;

    await ctx.drain();
    t.equal(sink.refused, 1, 'first attempt refused (550)');
    t.match(await email(), { status: 'queued', attempts: 1, lastError: /550/ }, 'recorded, waiting for the retry');
    t.match((await ctx.deliveries(code)).find((d) => d.channel === 'sms'), { status: 'sent' }, 'the SMS went');
    await ctx.drain();
    t.equal(sink.refused, 1, 'not before its backoff');

    ctx.clock.advance(1000);
    await ctx.drain();
    t.equal(sink.refused, 2, 'retried after 1 s');
    t.match(await email(), { status: 'queued', attempts: 2 });
    ctx.clock.advance(2000);
    await ctx.drain();
    t.equal(sink.refused, 3, 'retried after 2 s more');
    t.match(await email(), { status: 'failed', attempts: 3, lastError: /550/ }, 'the last attempt marks it failed');
    const audited = await ctx.handle.db.selectFrom('audit_log').select('after').where('action', '=', 'applicant.delivery').orderBy('id').execute();
    t.same(audited.map((r) => `${(r.after as { channel: string }).channel}:${(r.after as { status: string }).status}`), ['email:queued', 'sms:sent', 'email:queued', 'email:failed'], 'every attempt audited');
    const event = await ctx.handle.db.selectFrom('outbox').select(['attempts', 'dead_at']).where('topic', '=', 'applicant.delivery').where('key', '=', String((await email()).id)).executeTakeFirstOrThrow();
    t.equal(event.attempts, 3);
    t.ok(event.dead_at, 'the outbox event is dead-lettered');
    ctx.clock.advance(3_600_000);
    await ctx.drain();
    t.equal(sink.refused, 3, 'no further attempt');
    t.equal(sink.mails.length, 0);
  });

  t.test(`connection refused, and SMS switched off, on ${target.name}`, async (t) => {
    const closed = await startSmtpSink();
    await closed.close(); // nothing listens on its port any more
    const ctx = await setup(t, closed, target, { SMS_PROVIDER: 'none' });
    const code = await ctx.receive();
    await ctx.drain();
    const [email, sms] = await ctx.deliveries(code);
    t.match(email, { channel: 'email', status: 'queued', attempts: 1, lastError: /ECONNREFUSED/ }, 'connection refused: recorded, retried later');
    t.match(sms, { channel: 'sms', status: 'no-channel', attempts: 0, lastError: /SMS_PROVIDER/ }, 'SMS_PROVIDER=none: no channel, said why');
    t.notOk(ctx.logs.some((l) => l.includes('demo SMS')), 'nothing sent as SMS');
  });
}
