import t from 'tap';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const applicant = { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678', address: 'Thôn Đông, xã Demo' };
const formData = { applicant, childName: 'Nguyễn Thị Bình', dateOfBirth: '2026-02-20' };
const MAX = 4096;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function addProcedure(ctx: TestApp) {
  await ctx.handle.db.insertInto('procedures').values({
    id: 'test-procedure', national_code: '9.999999', name_vi: 'Thủ tục thử nghiệm', name_en: 'Test procedure', field: 'Hộ tịch',
    legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
  }).execute();
}

function multipart(fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }) {
  const boundary = '----motcua-supplement';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    ...(file ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n')] : []),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}

for (const target of databaseTargets()) {
  t.test(`the online supplement from the lookup page (${target.name})`, async (t) => {
    const storageDir = mkdtempSync(join(tmpdir(), 'motcua-supplement-'));
    const ctx = await buildTestApp(target, { DOCUMENT_MAX_BYTES: String(MAX) }, { formSchemaDir: schemaDir, storageDir, autoStart: false });
    t.teardown(async () => {
      await ctx.close();
      rmSync(storageDir, { recursive: true, force: true });
    });
    await addProcedure(ctx);
    const { app, clock } = ctx;
    const db = ctx.handle.db;
    const [reception, specialist] = await Promise.all(['reception', 'specialist'].map(async (u) => bearer(await ctx.token(u))));
    const post = (url: string, headers: Record<string, string>, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload });
    /** A dossier received Mon 2 March 09:00, processing, a supplement asked Tue 09:00. */
    const waiting = async () => {
      clock.set('2026-03-02T02:00:00Z');
      const res = await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData });
      const code = res.json().code as string;
      await post(`/api/dossiers/${code}/start-processing`, reception);
      clock.set('2026-03-03T02:00:00Z');
      const asked = await post(`/api/dossiers/${code}/request-supplement`, specialist, { items: ['Bản sao giấy chứng sinh', 'Văn bản ủy quyền'], reason: 'Thiếu giấy tờ' });
      if (asked.statusCode !== 200) throw new Error(asked.body);
      return { code, pin: lookupPin(ctx.config.jwtSecret, code) };
    };
    const upload = (code: string, pin: string | undefined, fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }, lang = 'vi') => {
      const m = multipart(fields, file);
      return app.inject({ method: 'POST', url: `/api/public/dossiers/${code}/supplement/documents`, headers: { ...m.headers, 'accept-language': lang, ...(pin ? { 'x-lookup-pin': pin } : {}) }, payload: m.payload });
    };
    const complete = (code: string, pin: string) => app.inject({ method: 'POST', url: `/api/public/dossiers/${code}/supplement`, headers: { 'x-lookup-pin': pin } });
    const stored = async (code: string) => Number((await db.selectFrom('documents').innerJoin('dossiers', 'dossiers.id', 'documents.dossier_id').select((eb) => eb.fn.countAll<string>().as('n')).where('dossiers.code', '=', code).executeTakeFirstOrThrow()).n);

    const { code, pin } = await waiting();

    t.test('the lookup with the PIN says what is missing and until when; the bare code does not', async (t) => {
      const res = await app.inject({ url: `/api/public/dossiers/${code}`, headers: { 'x-lookup-pin': pin } });
      t.equal(res.statusCode, 200, res.body);
      const step = res.json().nextStep;
      t.equal(step.kind, 'supplement');
      t.same(step.items, ['Bản sao giấy chứng sinh', 'Văn bản ủy quyền']);
      t.equal(step.reason, 'Thiếu giấy tờ');
      t.match(step.supplementDueAt, /\+07:00$/);
      t.equal(step.canUploadOnline, true);
      t.equal(step.uploadMaxBytes, MAX);
      t.equal(res.json().sla, 'paused');
      const bare = await app.inject({ url: `/api/public/dossiers/${code}` });
      t.same(bare.json().nextStep, { kind: 'supplement' });
      t.notOk(bare.body.includes('giấy chứng sinh'), 'no details without the PIN');
    });

    t.test('a wrong type or size is explained and nothing is stored', async (t) => {
      const exe = await upload(code, pin, { title: 'Giấy chứng sinh' }, { bytes: Buffer.from('MZ\x90\x00 not a scan'), name: 'giay.pdf', type: 'application/pdf' });
      t.equal(exe.statusCode, 415, exe.body);
      t.equal(exe.json().details[0].field, 'file');
      t.match(exe.json().details[0].message, /PDF, JPEG, PNG hoặc TIFF/);
      const big = await upload(code, pin, { title: 'Giấy chứng sinh' }, { bytes: Buffer.concat([pdf, Buffer.alloc(MAX)]), name: 'giay.pdf', type: 'application/pdf' }, 'en');
      t.equal(big.statusCode, 413, big.body);
      t.equal(big.json().details[0].field, 'file');
      t.match(big.json().details[0].message, /larger than/);
      const untitled = await upload(code, pin, {}, { bytes: pdf, name: 'giay.pdf', type: 'application/pdf' });
      t.equal(untitled.statusCode, 400);
      t.same(untitled.json().details.map((d: { field: string }) => d.field), ['title']);
      t.equal(await stored(code), 0, 'no document row');
      t.same(readdirSync(storageDir).filter((f) => !f.startsWith('.')), [], 'no file');
    });

    t.test('without the right PIN nothing is accepted', async (t) => {
      t.equal((await upload(code, undefined, { title: 'Giấy chứng sinh' }, { bytes: pdf, name: 'a.pdf', type: 'application/pdf' })).statusCode, 403);
      t.equal((await upload(code, pin === '000000' ? '000001' : '000000', { title: 'Giấy chứng sinh' }, { bytes: pdf, name: 'a.pdf', type: 'application/pdf' })).statusCode, 403);
      t.equal((await complete(code, pin === '000000' ? '000001' : '000000')).statusCode, 403);
      t.equal(await stored(code), 0);
    });

    t.test('"Đã bổ sung đủ" needs a document first', async (t) => {
      const res = await complete(code, pin);
      t.equal(res.statusCode, 409);
      t.equal(res.json().code, 'SUPPLEMENT_NOTHING_UPLOADED');
    });

    t.test('upload, then complete: the clock restarts and officers see it came online', async (t) => {
      clock.set('2026-03-04T02:00:00Z'); // Wed 09:00
      const up = await upload(code, pin, { title: 'Bản sao giấy chứng sinh' }, { bytes: pdf, name: 'giay-chung-sinh.pdf', type: 'application/pdf' });
      t.equal(up.statusCode, 201, up.body);
      t.equal(up.json().kind, 'supplement');
      const audit = await db.selectFrom('audit_log').select(['action', 'actor_username', 'actor_id']).where('action', '=', 'document.upload').execute();
      t.same(audit, [{ action: 'document.upload', actor_username: 'applicant:lookup-pin', actor_id: null }]);
      const seen = (await app.inject({ url: `/api/public/dossiers/${code}`, headers: { 'x-lookup-pin': pin } })).json();
      t.same(seen.documents.map((d: { title: string; kind: string }) => [d.title, d.kind]), [['Bản sao giấy chứng sinh', 'supplement']]);

      const done = await complete(code, pin);
      t.equal(done.statusCode, 200, done.body);
      t.equal(done.json().status, 'processing', 'back where it was');
      t.equal(done.json().nextStep.kind, 'wait');
      t.equal(done.json().dueAt, '2026-03-09T17:00:00+07:00', 'Art. 19.5: 3 working days again from Wed → Mon 17:00');
      const officer = (await app.inject({ url: `/api/dossiers/${code}`, headers: reception })).json();
      t.equal(officer.dueAt, '2026-03-09T10:00:00.000Z');
      t.equal(officer.sla, 'in_time');
      const history = await db.selectFrom('dossier_history').innerJoin('dossiers', 'dossiers.id', 'dossier_history.dossier_id').select(['action', 'actor_id', 'details', 'to_status']).where('dossiers.code', '=', code).where('action', '=', 'receive_supplement').execute();
      t.equal(history.length, 1);
      t.equal(history[0]!.details.channel, 'online', 'the history says the supplement came online');
      t.equal(history[0]!.details.via, 'lookup', 'through the lookup page');
      t.equal(history[0]!.actor_id, null);
      const outbox = await db.selectFrom('outbox').select('topic').where('key', '=', code).where('topic', '=', 'dossier.supplement_received').execute();
      t.equal(outbox.length, 1, 'the event the engine bridge turns into supplement-received');
      const trail = await db.selectFrom('audit_log').select(['action', 'actor_username']).where('target_id', '=', code).where('action', '=', 'dossier.receive_supplement').execute();
      t.same(trail, [{ action: 'dossier.receive_supplement', actor_username: 'applicant:lookup-pin' }]);
    });

    t.test('once supplemented, or after the period, a clear 409', async (t) => {
      const again = await complete(code, pin);
      t.equal(again.statusCode, 409);
      t.equal(again.json().code, 'SUPPLEMENT_NOT_OPEN');
      const late = await upload(code, pin, { title: 'Thêm giấy tờ' }, { bytes: pdf, name: 'x.pdf', type: 'application/pdf' });
      t.equal(late.statusCode, 409);
      const other = await waiting();
      clock.set('2026-04-30T02:00:00Z');
      const over = await upload(other.code, other.pin, { title: 'Bản sao giấy chứng sinh' }, { bytes: pdf, name: 'x.pdf', type: 'application/pdf' }, 'en');
      t.equal(over.statusCode, 409);
      t.equal(over.json().code, 'SUPPLEMENT_PERIOD_OVER');
      t.match(over.json().message, /supplement period has ended/);
      t.equal((await complete(other.code, other.pin)).json().code, 'SUPPLEMENT_PERIOD_OVER');
      const view = (await app.inject({ url: `/api/public/dossiers/${other.code}`, headers: { 'x-lookup-pin': other.pin } })).json();
      t.equal(view.nextStep.canUploadOnline, false);
      t.equal(await stored(other.code), 0);
    });
  });
}
