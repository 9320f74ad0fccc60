import t from 'tap';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { demoOneTimeCode } from '../../api/services/identity.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;

async function addProcedures(ctx: TestApp) {
  const base = { field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), process_id: 'motcua-test', form_schema_id: 'test-procedure' };
  await ctx.handle.db.insertInto('procedures').values([
    { ...base, id: 'test-procedure', national_code: '9.999999', name_vi: 'Thủ tục thử nghiệm', name_en: 'Test procedure', online_level: 'full' },
    { ...base, id: 'paper-only', national_code: '9.999998', name_vi: 'Thủ tục chỉ nộp trực tiếp', name_en: 'Paper only', online_level: 'none' },
  ]).execute();
}

const ME = '001203012345';
const OTHER = '001203012346';
const applicant = { fullName: 'Nguyễn Văn An', personalId: ME, phone: '0912345678', address: 'Thôn Đông, xã Demo' };
const formData = { applicant, childName: 'Nguyễn Thị Bình', dateOfBirth: '2026-02-20' };
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function multipart(fields: Record<string, string>, file?: Buffer) {
  const boundary = '----motcua-citizen';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    ...(file ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="to-khai.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), file, Buffer.from('\r\n')] : []),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}

for (const target of databaseTargets()) {
  t.test(`citizens submit online (${target.name})`, async (t) => {
    const storageDir = mkdtempSync(join(tmpdir(), 'motcua-citizen-'));
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, storageDir });
    t.teardown(async () => {
      await ctx.close();
      rmSync(storageDir, { recursive: true, force: true });
    });
    await addProcedures(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
    const { app } = ctx;
    const identify = (idNumber: string, oneTimeCode: string, lang = 'vi') => app.inject({ method: 'POST', url: '/api/public/identify', headers: { 'accept-language': lang }, payload: { idNumber, oneTimeCode } });
    const submit = (token: string | null, payload: object, lang = 'vi') => app.inject({ method: 'POST', url: '/api/public/dossiers', headers: { 'accept-language': lang, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload });
    const upload = (token: string, code: string, fields: Record<string, string>, file?: Buffer) => {
      const m = multipart(fields, file);
      return app.inject({ method: 'POST', url: `/api/public/dossiers/${code}/documents`, headers: { ...m.headers, authorization: `Bearer ${token}` }, payload: m.payload });
    };

    t.test('the public procedure has its form schema and online flag; the centres are listed', async (t) => {
      const p = await app.inject({ url: '/api/public/procedures/test-procedure' });
      t.equal(p.statusCode, 200);
      t.equal(p.json().online, true);
      t.equal(p.json().formSchemaResolved.title, 'Tờ khai thử nghiệm');
      t.notOk('processId' in p.json(), 'no internal fields');
      t.equal((await app.inject({ url: '/api/public/procedures/paper-only' })).json().online, false);
      t.equal((await app.inject({ url: '/api/public/procedures/nope' })).statusCode, 404);
      t.same((await app.inject({ url: '/api/public/centres' })).json().map((c: { code: string }) => c.code), ['XADEMO']);
    });

    t.test('identify: the demo code is the last six digits reversed; a wrong one is refused and audited', async (t) => {
      t.equal(demoOneTimeCode(ME), '543210');
      const wrong = await identify(ME, '000000');
      t.equal(wrong.statusCode, 401);
      t.equal(wrong.json().code, 'IDENTITY_NOT_VERIFIED');
      t.equal(wrong.json().details[0].field, 'oneTimeCode');
      const noAccount = await identify('001203012341', demoOneTimeCode('001203012341'));
      t.equal(noAccount.statusCode, 401, 'no VNeID account (demo: last digit 0–1)');
      const bad = await identify('12', 'abc', 'en');
      t.equal(bad.statusCode, 400);
      t.same(bad.json().details.map((d: { field: string }) => d.field).sort(), ['idNumber', 'oneTimeCode']);
      t.match(bad.json().message, /invalid/, 'English on request');
      const ok = await identify(ME, '543210');
      t.equal(ok.statusCode, 200, ok.body);
      t.equal(ok.json().idNumber, '001*******45', 'masked');
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['action', 'actor_username', 'target_id', 'after']).where('action', '=', 'applicant.identify').orderBy('at').execute();
      t.ok(audit.length >= 3);
      t.ok(audit.every((a) => !JSON.stringify(a).includes(ME)), 'the ID number is never stored in clear');
    });

    t.test('submit, upload, and the token reaches nothing else', async (t) => {
      const token = (await identify(ME, '543210')).json().token as string;
      t.equal((await submit(null, { procedureId: 'test-procedure', formData })).statusCode, 401, 'no applicant token');

      const bad = await submit(token, { procedureId: 'test-procedure', formData: { applicant: { ...applicant, phone: '12' }, childName: 'B' } });
      t.equal(bad.statusCode, 400);
      t.match(bad.json().message, /không hợp lệ/, 'Vietnamese by default');
      const badEn = await submit(token, { procedureId: 'test-procedure', formData: { applicant, childName: 'B' } }, 'en');
      t.equal(badEn.statusCode, 400);
      const fields = badEn.json().details.map((d: { field: string }) => d.field);
      t.ok(fields.includes('formData.childName') && fields.includes('formData.dateOfBirth'), `every bad field named: ${fields}`);

      const paper = await submit(token, { procedureId: 'paper-only', formData });
      t.equal(paper.statusCode, 400);
      t.equal(paper.json().code, 'NOT_ONLINE_PROCEDURE');
      const someoneElse = await submit(token, { procedureId: 'test-procedure', formData: { ...formData, applicant: { ...applicant, personalId: OTHER } } });
      t.equal(someoneElse.statusCode, 403, 'another person\'s CCCD without their verified identity');
      t.equal(someoneElse.json().code, 'NOT_OWN_IDENTITY');

      const res = await submit(token, { procedureId: 'test-procedure', formData });
      t.equal(res.statusCode, 201, res.body);
      const receipt = res.json();
      t.equal(receipt.code, 'XADEMO-260302-0001');
      t.equal(receipt.status, 'registered');
      t.equal(receipt.channel, 'online');
      t.equal(receipt.lookup, '/tra-cuu?ma=XADEMO-260302-0001');
      t.equal(receipt.lookupPin, lookupPin(ctx.config.jwtSecret, receipt.code), 'the lookup PIN, for the identified applicant');
      t.ok(receipt.reviewDueAt, 'the 8-working-hour review deadline');

      const up = await upload(token, receipt.code, { title: 'Giấy chứng sinh', typeCode: 'GCS' }, pdf);
      t.equal(up.statusCode, 201, up.body);
      t.equal(up.json().mimeType, 'application/pdf');
      const exe = await upload(token, receipt.code, { title: 'Giấy chứng sinh' }, Buffer.from('MZ\x90\x00 not a scan'));
      t.equal(exe.statusCode, 415, 'type checked by content');
      const big = await upload(token, receipt.code, { title: 'Giấy chứng sinh' }, Buffer.concat([pdf, Buffer.alloc(ctx.config.documentMaxBytes)]));
      t.equal(big.statusCode, 413, 'size capped');
      const noTitle = await upload(token, receipt.code, {}, pdf);
      t.equal(noTitle.statusCode, 400);
      t.same(noTitle.json().details.map((d: { field: string }) => d.field), ['title']);
      const files = readdirSync(storageDir, { recursive: true }).filter((f) => !String(f).match(/^[0-9a-f]{2}$/));
      t.equal(files.length, 1, 'refused uploads store nothing');

      // Another person's token reaches neither this dossier nor the officers' API.
      const other = (await identify(OTHER, demoOneTimeCode(OTHER))).json().token as string;
      t.equal((await upload(other, receipt.code, { title: 'Giấy tờ' }, pdf)).statusCode, 404);
      t.equal((await upload(token, 'XADEMO-260302-9999', { title: 'Giấy tờ' }, pdf)).statusCode, 404);
      t.equal((await upload(`${token}x`, receipt.code, { title: 'Giấy tờ' }, pdf)).statusCode, 401, 'a tampered token');
      for (const url of ['/api/dossiers', `/api/dossiers/${receipt.code}`, `/api/dossiers/${receipt.code}/documents`, '/api/me', '/api/tasks']) {
        t.equal((await app.inject({ url, headers: { authorization: `Bearer ${token}` } })).statusCode, 401, `${url} refuses the applicant token`);
      }
      ctx.clock.advance(31 * 60_000);
      t.equal((await upload(token, receipt.code, { title: 'Giấy tờ' }, pdf)).statusCode, 401, 'the token expires after 30 minutes');

      // Audited with the applicant as actor, ID masked.
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['action', 'actor_id', 'actor_username', 'actor_roles']).where('target_id', '=', receipt.code).orderBy('at').execute();
      t.same(audit.map((a) => a.action), ['dossier.register_online', 'document.upload']);
      t.ok(audit.every((a) => a.actor_id === null && a.actor_username === 'applicant:001*******45' && a.actor_roles.includes('applicant')));

      // Reception sees it in its online queue with the review deadline.
      const reception = bearer(await ctx.token('reception'));
      const queue = await app.inject({ url: '/api/dossiers?status=registered', headers: reception });
      t.same(queue.json().items.map((d: { code: string }) => d.code), [receipt.code]);
      t.equal(queue.json().items[0].reviewDueAt, receipt.reviewDueAt);
      const docs = await app.inject({ url: `/api/dossiers/${receipt.code}/documents`, headers: reception });
      t.equal(docs.json()[0].metadata.idNumber, ME, 'the officers see the document with its metadata');

      // Once reviewed, the applicant can no longer add documents online.
      t.equal((await app.inject({ method: 'POST', url: `/api/dossiers/${receipt.code}/accept`, headers: reception, payload: {} })).statusCode, 200);
      const fresh = (await identify(ME, '543210')).json().token as string;
      t.equal((await upload(fresh, receipt.code, { title: 'Giấy tờ' }, pdf)).statusCode, 409);
    });
  });
}

const [first] = databaseTargets();
t.test('the public routes are rate limited per address', async (t) => {
  const ctx = await buildTestApp(first!, { RATE_LIMIT_PUBLIC_PER_MINUTE: '3' }, { formSchemaDir: schemaDir });
  t.teardown(() => ctx.close());
  const codes: number[] = [];
  for (let i = 0; i < 4; i++) codes.push((await ctx.app.inject({ method: 'POST', url: '/api/public/identify', payload: { idNumber: ME, oneTimeCode: '000000' } })).statusCode);
  t.same(codes, [401, 401, 401, 429], 'one-time codes cannot be guessed faster than the public limit');
  const other = await ctx.app.inject({ method: 'POST', url: '/api/public/identify', remoteAddress: '10.0.0.9', payload: { idNumber: ME, oneTimeCode: '543210' } });
  t.equal(other.statusCode, 200, 'another address is not slowed');
});
