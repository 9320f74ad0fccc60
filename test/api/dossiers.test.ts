import t from 'tap';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;

async function addProcedure(ctx: TestApp) {
  await ctx.handle.db.insertInto('procedures').values({
    id: 'test-procedure', national_code: '9.999999', name_vi: 'Thủ tục thử nghiệm', name_en: 'Test procedure', field: 'Hộ tịch',
    legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
  }).execute();
}

const applicant = { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678', address: 'Thôn Đông, xã Demo' };
const formData = { applicant, childName: 'Nguyễn Thị Bình', dateOfBirth: '2026-02-20' };

for (const target of databaseTargets()) {
  t.test(`dossier lifecycle through the API on ${target.name}`, async (t) => {
    const storageDir = mkdtempSync(join(tmpdir(), 'motcua-docs-'));
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, storageDir });
    t.teardown(async () => {
      await ctx.close();
      rmSync(storageDir, { recursive: true, force: true });
    });
    await addProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
    const { app } = ctx;
    const [reception, specialist, leader] = await Promise.all(['reception', 'specialist', 'leader'].map(async (u) => bearer(await ctx.token(u))));
    const post = (url: string, headers: Record<string, string>, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload });

    const received = await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData });
    t.equal(received.statusCode, 201, received.body);
    const dossier = received.json();
    t.equal(dossier.code, 'XADEMO-260302-0001');
    t.equal(dossier.status, 'accepted');
    t.equal(dossier.statusCode, 2);
    t.equal(dossier.dueAt, '2026-03-05T10:00:00.000Z', 'received Mon 09:00, 3 working days → Thu 17:00 (+07:00)');
    t.equal(dossier.handlingAgencyId, 'xa-demo-ubnd', 'handed to the commune unit that appraises');
    t.equal(dossier.sla, 'in_time');

    t.test('each step writes its history, outbox event and audit row', async (t) => {
      const db = ctx.handle.db;
      const history = await db.selectFrom('dossier_history').select(['action', 'to_status']).execute();
      t.same(history, [{ action: 'receive', to_status: 'accepted' }]);
      const outbox = await db.selectFrom('outbox').select(['topic', 'key']).execute();
      t.same(outbox.filter((e) => e.topic !== 'applicant.delivery'), [{ topic: 'dossier.accepted', key: dossier.code }]);
      t.equal(outbox.filter((e) => e.topic === 'applicant.delivery').length, 1, 'and the applicant\'s receipt (an SMS: the form has a phone, no e-mail)');
      const audit = await db.selectFrom('audit_log').select(['action', 'actor_username']).where('target_type', '=', 'dossier').execute();
      t.same(audit, [{ action: 'dossier.receive', actor_username: 'reception' }]);
    });

    t.test('the specialist of the handling unit sees it; another agency does not', async (t) => {
      t.equal((await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: specialist })).statusCode, 200);
      await ctx.handle.db.insertInto('users').values({ username: 'police', full_name: 'Cán bộ Công an', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: (await ctx.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'specialist').executeTakeFirstOrThrow()).password_hash }).execute();
      const police = bearer(await ctx.token('police'));
      t.equal((await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: police })).statusCode, 404);
      t.equal((await post(`/api/dossiers/${dossier.code}/request-supplement`, police, { items: ['Giấy chứng sinh'] })).statusCode, 404);
      const list = await app.inject({ url: '/api/dossiers', headers: police });
      t.equal(list.json().total, 0);
    });

    t.test('transitions: processing, one supplement (clock restarts), decision, return', async (t) => {
      const step = async (path: string, headers: Record<string, string>, payload: object = {}) => {
        const res = await post(`/api/dossiers/${dossier.code}/${path}`, headers, payload);
        t.equal(res.statusCode, 200, `${path}: ${res.body}`);
        return res.json();
      };
      t.equal((await step('start-processing', reception)).status, 'processing');
      ctx.clock.set('2026-03-03T02:00:00Z'); // Tue 09:00
      const paused = await step('request-supplement', specialist, { items: ['Bản sao giấy chứng sinh'] });
      t.equal(paused.status, 'supplement_requested');
      t.equal(paused.sla, 'paused');
      t.ok(paused.supplementDueAt);
      ctx.clock.set('2026-03-09T03:00:00Z'); // Mon 10:00 next week
      const resumed = await step('receive-supplement', reception);
      t.equal(resumed.status, 'processing');
      t.equal(resumed.dueAt, '2026-03-12T10:00:00.000Z', 'the time limit restarts from the complete supplement: Thu 12 Mar 17:00');
      const again = await post(`/api/dossiers/${dossier.code}/request-supplement`, specialist, { items: ['Lần hai'] });
      t.equal(again.statusCode, 409);
      t.equal(again.json().code, 'SUPPLEMENT_ALREADY_REQUESTED');
      t.match(again.json().message, /bổ sung/);
      const wrongRole = await post(`/api/dossiers/${dossier.code}/decide`, reception, { outcome: 'approved' });
      t.equal(wrongRole.statusCode, 403);
      t.equal((await step('decide', leader, { outcome: 'approved' })).status, 'decided');
      const tooEarly = await post(`/api/dossiers/${dossier.code}/start-processing`, reception);
      t.equal(tooEarly.statusCode, 409);
      t.equal(tooEarly.json().code, 'TRANSITION_NOT_ALLOWED');
      const returned = await step('return-result', reception, { mode: 'both' });
      t.equal(returned.status, 'returned');
      t.equal(returned.sla, 'early', 'decided Mon 9 Mar, due Thu 12 Mar');
      const history = await app.inject({ url: `/api/dossiers/${dossier.code}/history`, headers: reception });
      t.same(history.json().map((h: { action: string }) => h.action), ['receive', 'start_processing', 'request_supplement', 'receive_supplement', 'decide', 'return_result']);
    });

    t.test('a returned result is corrected at any time, due 3 working days after the error was reported (Art. 23)', async (t) => {
      const correct = (payload: object) => post(`/api/dossiers/${dossier.code}/correct-result`, specialist, payload);
      const details = async () => {
        const rows = await ctx.handle.db.selectFrom('dossier_history').select('details').where('action', '=', 'correct_result').orderBy('id').execute();
        return rows.map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>);
      };
      ctx.clock.set('2026-04-24T02:00:00Z'); // Fri 24/4 09:00, six weeks after the return
      const late = await correct({ description: 'Sai ngày sinh', reportedAt: '2026-04-20T10:00:00+07:00' });
      t.equal(late.statusCode, 200, late.body);
      const onTime = await correct({ description: 'Sai tên cha' });
      t.equal(onTime.statusCode, 200, onTime.body);
      const [first, second] = await details();
      t.match(first, { correctionDueAt: '2026-04-23T10:00:00.000Z', late: true }, 'reported Mon 20/4 → due Thu 23/4 17:00: done late, still accepted');
      t.match(second, { reportedAt: '2026-04-24T02:00:00.000Z', correctionDueAt: '2026-05-04T10:00:00.000Z', late: false },
        'reported now (Fri 24/4) → Tue 28, Wed 29, Mon 4/5 17:00 (Hùng Kings 27/4, 30/4–1/5 off)');
      const before = await correct({ description: 'Sai', reportedAt: '2026-03-01T10:00:00+07:00' });
      t.equal(before.statusCode, 422, 'reported before the result was returned');
      t.ok(before.json().details.some((d: { field: string }) => d.field === 'reportedAt'), before.body);
      ctx.clock.set('2026-03-09T03:00:00Z');
    });

    t.test('bad input is refused with the field named and nothing written', async (t) => {
      const count = async () => Number((await ctx.handle.db.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const cases: Array<[object, string, number]> = [
        [{ procedureId: 'nope', channel: 'in_person', formData }, 'procedureId', 400],
        [{ procedureId: 'test-procedure', channel: 'in_person', formData: { ...formData, applicant: { ...applicant, personalId: '12345' } } }, 'formData.applicant.personalId', 400],
        [{ procedureId: 'test-procedure', channel: 'in_person', formData: { ...formData, applicant: { ...applicant, personalId: '999203012345' } } }, 'formData.applicant.personalId', 400],
        [{ procedureId: 'test-procedure', channel: 'in_person', formData: { ...formData, dateOfBirth: '2026-02-31' } }, 'formData.dateOfBirth', 400],
        [{ procedureId: 'test-procedure', channel: 'in_person', formData: { applicant, childName: 'Bé', colour: 'red' } }, 'formData.colour', 400],
        [{ procedureId: 'test-procedure', channel: 'fax', formData }, 'channel', 400],
      ];
      for (const [payload, field, status] of cases) {
        const res = await post('/api/dossiers', reception, payload);
        t.equal(res.statusCode, status, field);
        t.ok(res.json().details?.some((d: { field: string }) => d.field === field), `${field} named: ${res.body}`);
      }
      t.equal((await post('/api/dossiers', specialist, { procedureId: 'test-procedure', channel: 'in_person', formData })).statusCode, 403);
      t.equal(await count(), before, 'nothing written');
    });

    t.test('concurrent receptions never share a code', async (t) => {
      const results = await Promise.all(Array.from({ length: 12 }, () => post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'post', formData })));
      t.same(results.map((r) => r.statusCode), Array(12).fill(201));
      const codes = results.map((r) => r.json().code);
      t.equal(new Set(codes).size, 12);
      t.ok(codes.every((c: string) => /^XADEMO-2603(02|09)-\d{4}$/.test(c)));
    });

    t.test('online registration, acceptance within the office, refusal at the counter', async (t) => {
      const online = (await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'online', formData })).json();
      t.equal(online.status, 'registered');
      t.equal(online.dueAt, null);
      const accepted = (await post(`/api/dossiers/${online.code}/accept`, reception)).json();
      t.equal(accepted.status, 'accepted');
      t.ok(accepted.dueAt);
      const refused = await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData: { applicant }, refusalReasons: ['Thủ tục không thuộc thẩm quyền của xã'] });
      t.equal(refused.statusCode, 201, refused.body);
      t.equal(refused.json().status, 'refused');
      const empty = await post(`/api/dossiers/${online.code}/refuse`, reception, { reasons: [] });
      t.equal(empty.statusCode, 400);
    });

    t.test('citizens look a dossier up with personal data masked', async (t) => {
      const res = await app.inject({ url: `/api/public/dossiers/${dossier.code.toLowerCase()}` });
      t.equal(res.statusCode, 200);
      const body = res.json();
      t.equal(body.status, 'returned');
      t.equal(body.statusVi, 'Đã trả kết quả');
      t.notOk(res.body.includes('Nguyễn Văn An'), 'no full name');
      t.notOk(res.body.includes('001203012345'), 'no ID number');
      t.notOk(res.body.includes('0912345678'), 'no phone');
      t.match(body.dueAt, /\+07:00$/);
      t.equal((await app.inject({ url: '/api/public/dossiers/XADEMO-260302-9999' })).statusCode, 404);
    });

    t.test('documents: metadata, type by content, size limit; refused uploads store nothing', async (t) => {
      const upload = (file: Buffer, fields: Record<string, string>) => {
        const boundary = '----motcua';
        const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
        const body = Buffer.concat([Buffer.from(parts.join('')), Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="giay-chung-sinh.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
        return app.inject({ method: 'POST', url: `/api/dossiers/${dossier.code}/documents`, headers: { ...reception, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
      };
      const metadata = JSON.stringify({ idNumber: '001203012345', holderName: 'Nguyễn Thị Bình', summary: 'Giấy chứng sinh', validUntil: 'indefinite', scope: 'Toàn quốc' });
      const fields = { kind: 'input', typeCode: 'GCS', title: 'Giấy chứng sinh', metadata };
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const ok = await upload(pdf, fields);
      t.equal(ok.statusCode, 201, ok.body);
      t.equal(ok.json().mimeType, 'application/pdf');
      const exe = await upload(Buffer.from('MZ\x90\x00 not a scan'), fields);
      t.equal(exe.statusCode, 415);
      const big = await upload(Buffer.concat([pdf, Buffer.alloc(ctx.config.documentMaxBytes)]), fields);
      t.equal(big.statusCode, 413);
      const noMeta = await upload(pdf, { kind: 'input', typeCode: 'GCS', title: 'Giấy chứng sinh', metadata: '{"summary":"x"}' });
      t.equal(noMeta.statusCode, 400);
      t.ok(noMeta.json().details.some((d: { field: string }) => d.field === 'metadata.idNumber'));
      const list = await app.inject({ url: `/api/dossiers/${dossier.code}/documents`, headers: specialist });
      t.equal(list.json().length, 1, 'only the accepted upload is recorded');
      const files = readdirSync(storageDir, { recursive: true }).filter((f) => !String(f).match(/^[0-9a-f]{2}$/));
      t.equal(files.length, 1, 'only the accepted upload is stored');
      const download = await app.inject({ url: `/api/dossiers/${dossier.code}/documents/${ok.json().id}`, headers: specialist });
      t.same(download.rawPayload, pdf);
    });

    t.test('a dossier whose applicant does not supplement within 15 days is closed', async (t) => {
      const d = (await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData })).json();
      const asked = await post(`/api/dossiers/${d.code}/request-supplement`, reception, { items: ['Giấy chứng sinh bản chính'] });
      t.equal(asked.statusCode, 200, asked.body);
      const deadline = new Date(asked.json().supplementDueAt);
      ctx.clock.set(new Date(deadline.getTime() - 60_000));
      t.same(await app.closeExpiredSupplements(), [], 'not before the deadline');
      ctx.clock.set(new Date(deadline.getTime() + 60_000));
      t.same(await app.closeExpiredSupplements(), [d.code]);
      const closed = (await app.inject({ url: `/api/dossiers/${d.code}`, headers: reception })).json();
      t.equal(closed.status, 'stopped');
      t.ok(closed.closedReason);
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['actor_username']).where('action', '=', 'dossier.close_unsupplemented').execute();
      t.same(audit, [{ actor_username: 'system' }]);
      t.same(await app.closeExpiredSupplements(), [], 'closed once');
    });

    t.test('the VNeID account check answers for a valid ID and is audited with the number masked', async (t) => {
      const res = await post('/api/identity/check', reception, { idNumber: '001203012345' });
      t.equal(res.statusCode, 200);
      t.match(res.json(), { idNumber: '001*******45', hasAccount: true, level: 2, provider: 'demo' });
      const row = await ctx.handle.db.selectFrom('audit_log').select(['target_id']).where('action', '=', 'identity.check').executeTakeFirstOrThrow();
      t.equal(row.target_id, '001*******45');
    });
  });
}
