import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';
import { pdfText } from '../forms/fixtures.ts';
import { PIN_FAILURES_PER_ADDRESS, PIN_FAILURES_PER_CODE } from '../../api/services/lookup-throttle.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const applicant = { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678', address: 'Thôn Đông, xã Demo' };
const formData = { applicant, childName: 'Nguyễn Thị Bình', dateOfBirth: '2026-02-20' };

async function addProcedure(ctx: TestApp) {
  await ctx.handle.db.insertInto('procedures').values({
    id: 'test-procedure', national_code: '9.999999', name_vi: 'Thủ tục thử nghiệm', name_en: 'Test procedure', field: 'Hộ tịch',
    legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
  }).execute();
}

/** Another PIN than the right one. */
const wrongPin = (pin: string) => String((Number(pin) + 1) % 1_000_000).padStart(6, '0');

for (const target of databaseTargets()) {
  t.test(`the public lookup and its PIN (${target.name})`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    await addProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
    const { app } = ctx;
    const reception = bearer(await ctx.token('reception'));
    const receive = async () => {
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json().code as string;
    };
    const lookup = (code: string, opts: { pin?: string; ip?: string; lang?: string } = {}) => app.inject({
      url: `/api/public/dossiers/${code}`, remoteAddress: opts.ip ?? '198.51.100.1',
      headers: { 'accept-language': opts.lang ?? 'vi', ...(opts.pin !== undefined ? { 'x-lookup-pin': opts.pin } : {}) },
    });
    const code = await receive();
    const pin = lookupPin(ctx.config.jwtSecret, code);

    t.test('form 01 of the dossier prints its PIN and lookup link', async (t) => {
      const res = await app.inject({ url: `/api/dossiers/${code}/forms/01.pdf`, headers: reception });
      t.equal(res.statusCode, 200);
      const { text } = await pdfText(res.rawPayload);
      t.ok(text.includes(`Mã tra cứu (PIN): ${pin}`), 'the PIN');
      t.ok(text.replace(/\s+/g, '').includes(`http://localhost:3000/tra-cuu?ma=${code}`), 'the link under PUBLIC_BASE_URL (default)');
    });

    t.test('the bare code shows the status and due date, and no name', async (t) => {
      const res = await lookup(code.toLowerCase());
      t.equal(res.statusCode, 200, res.body);
      const body = res.json();
      t.equal(body.status, 'accepted');
      t.equal(body.statusVi, 'Được tiếp nhận');
      t.equal(body.dueAt, '2026-03-05T17:00:00+07:00');
      t.equal(body.sla, 'in_time', 'the deadline state for its colour');
      t.equal(body.pinVerified, false);
      t.same(body.nextStep, { kind: 'wait' });
      for (const secret of ['Nguyễn', 'N*** V** A*', '001203012345', '0912345678', 'Thủ tục thử nghiệm']) t.notOk(res.body.includes(secret), `no «${secret}»`);
      t.notOk('applicant' in body || 'documents' in body, 'no personal fields');
      t.equal((await lookup('XADEMO-260302-9999')).statusCode, 404);
    });

    t.test('with the PIN: the masked name, the procedure, the documents and the next step', async (t) => {
      const res = await lookup(code, { pin: ` ${pin.slice(0, 3)} ${pin.slice(3)} ` });
      t.equal(res.statusCode, 200, res.body);
      const body = res.json();
      t.equal(body.pinVerified, true);
      t.equal(body.applicant, 'N*** V** A*');
      t.equal(body.procedureVi, 'Thủ tục thử nghiệm');
      t.same(body.documents, []);
      t.equal(body.nextStep.kind, 'wait');
      t.notOk(res.body.includes('Nguyễn Văn An'), 'the name stays masked');
      t.notOk(res.body.includes('001203012345'), 'no ID number');
      t.notOk(ctx.logs.some((l) => l.toLowerCase().includes('x-lookup-pin') || (l.includes(pin) && l.includes('lookup'))), 'the PIN is not logged');
    });

    t.test('a wrong PIN is refused, named, in both languages, audited', async (t) => {
      const vi = await lookup(code, { pin: wrongPin(pin), ip: '198.51.100.2' });
      t.equal(vi.statusCode, 403);
      t.equal(vi.json().code, 'WRONG_LOOKUP_PIN');
      t.equal(vi.json().details[0].field, 'pin');
      t.notOk(vi.body.includes('N*** V** A*'));
      const en = await lookup(code, { pin: 'abc', ip: '198.51.100.2', lang: 'en' });
      t.equal(en.statusCode, 403);
      t.match(en.json().message, /Wrong lookup PIN/);
      t.match(en.json().details[0].message, /is not the lookup PIN/);
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['action', 'target_id', 'ip']).where('action', '=', 'lookup.pin_failed').execute();
      t.equal(audit.length, 2);
      t.same(audit[0], { action: 'lookup.pin_failed', target_id: code, ip: '198.51.100.2' });
    });

    t.test(`${PIN_FAILURES_PER_CODE} wrong PINs for a code in an hour lock that code's PIN for an hour`, async (t) => {
      const target = await receive();
      const right = lookupPin(ctx.config.jwtSecret, target);
      for (let i = 0; i < PIN_FAILURES_PER_CODE; i++) t.equal((await lookup(target, { pin: wrongPin(right), ip: `198.51.100.${10 + i}` })).statusCode, 403);
      const locked = await lookup(target, { pin: right, ip: '198.51.100.99' });
      t.equal(locked.statusCode, 429, 'even the right PIN, from another address: nothing to learn');
      t.equal(locked.json().code, 'LOOKUP_PIN_LOCKED');
      t.ok(Number(locked.headers['retry-after']) > 3000, 'Retry-After: about an hour');
      t.equal((await lookup(target, { ip: '198.51.100.99' })).statusCode, 200, 'the bare code still answers');
      t.equal((await lookup(code, { pin, ip: '198.51.100.99' })).statusCode, 200, 'other codes are not locked');
      ctx.clock.advance(3601_000);
      t.equal((await lookup(target, { pin: right, ip: '198.51.100.99' })).statusCode, 200, 'an hour later the right PIN works');
    });

    t.test(`${PIN_FAILURES_PER_ADDRESS} wrong PINs from an address lock that address`, async (t) => {
      const codes = await Promise.all([1, 2, 3, 4].map(() => receive()));
      const ip = '203.0.113.50';
      for (let i = 0; i < PIN_FAILURES_PER_ADDRESS; i++) {
        const c = codes[i % codes.length]!;
        t.equal((await lookup(c, { pin: wrongPin(lookupPin(ctx.config.jwtSecret, c)), ip })).statusCode, 403);
      }
      t.equal((await lookup(code, { pin, ip })).statusCode, 429, 'the address is locked, whatever the code');
      t.equal((await lookup(codes[0]!, { pin: lookupPin(ctx.config.jwtSecret, codes[0]!), ip: '203.0.113.51' })).statusCode, 200, 'another address is not');
    });

    t.test('a thousand lookups a minute from one address get 429; another address still gets 200', async (t) => {
      // One after the other: a burst sent all at once is refused whole (the plugin's store hands every
      // concurrent request the same counter), which would prove nothing about the limit itself.
      const statuses: number[] = [];
      for (let i = 0; i < 1000; i++) statuses.push((await lookup(code, { ip: '192.0.2.77' })).statusCode);
      t.equal(statuses[0], 200, 'the first is served');
      const limited = statuses.filter((s) => s === 429).length;
      t.ok(limited >= 1000 - 2 * ctx.config.rateLimitPublicPerMinute, `${limited} of 1000 refused`);
      t.equal(statuses.filter((s) => s !== 200 && s !== 429).length, 0, 'only 200 or 429');
      const refused = await lookup(code, { ip: '192.0.2.77', lang: 'en' });
      t.equal(refused.statusCode, 429);
      t.equal(refused.json().code, 'RATE_LIMITED');
      t.equal((await lookup(code, { ip: '192.0.2.78' })).statusCode, 200, 'another address is served');
    });
  });
}
