import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';

const [target] = databaseTargets();
t.test('calendar API', async (t) => {
  const ctx = await buildTestApp(target!);
  t.teardown(() => ctx.close());
  const { app } = ctx;
  const reception = bearer(await ctx.token('reception'));
  // The year table is installation-wide: the province's administrator sets it, not a commune's.
  const admin = bearer(await ctx.token('province-admin'));
  const communeAdmin = bearer(await ctx.token('admin'));
  const due = async (query: string, headers = reception) => app.inject({ url: `/api/calendar/due?${query}`, headers });
  const dueAt = async (query: string) => {
    const res = await due(query);
    t.equal(res.statusCode, 200, query);
    return res.json().dueAt as string;
  };
  const enc = encodeURIComponent;
  // Reminder checks computed on the old calendar are void after a change (migration 2026121101).
  const basis = async () => (await ctx.handle.db.selectFrom('remind_basis').select('version').executeTakeFirstOrThrow()).version;

  t.test('deadlines in Vietnamese working time', async (t) => {
    t.equal(await dueAt(`from=${enc('2026-03-02T10:00:00+07:00')}&workingDays=3`), '2026-03-05T17:00:00+07:00', 'Mon 10:00 + 3 days → Thu close');
    t.equal(await dueAt(`from=${enc('2026-03-02T15:30:00+07:00')}&workingDays=3`), '2026-03-05T17:00:00+07:00', 'after 15:00: still counted from the day of receipt (lawful default)');
    t.equal(await dueAt(`from=${enc('2026-03-02T15:01:00+07:00')}&workingDays=1`), '2026-03-03T17:00:00+07:00', 'Mon 15:01 + 1 → Tue');
    t.equal(await dueAt(`from=${enc('2026-02-13T10:00:00+07:00')}&workingDays=1`), '2026-02-23T17:00:00+07:00', 'across Tết 2026 (14–22 Feb off)');
    t.equal(await dueAt(`from=${enc('2026-01-09T10:00:00+07:00')}&workingDays=1`), '2026-01-10T17:00:00+07:00', 'make-up Saturday 10 Jan 2026 is a working day');
    t.equal(await dueAt(`from=${enc('2026-03-02T15:30:00+07:00')}&sameDay=true`), '2026-03-03T17:00:00+07:00', 'same-day after 15:00 → next working day');
    t.equal(await dueAt(`from=${enc('2026-03-02T09:00:00+07:00')}&sameDay=true`), '2026-03-02T17:00:00+07:00');
    t.equal(await dueAt(`from=${enc('2026-03-02T10:30:00+07:00')}&workingHours=2`), '2026-03-02T14:30:00+07:00', 'the lunch break does not count');
    t.equal(await dueAt(`from=${enc('2026-03-02T03:00:00Z')}&workingDays=3`), '2026-03-05T17:00:00+07:00', 'any offset in, +07:00 out');
  });

  t.test('bad queries name their field', async (t) => {
    const cases: Array<[string, string]> = [
      ['workingDays=3', 'from'],
      [`from=yesterday&workingDays=3`, 'from'],
      [`from=${enc('2026-03-02T10:00:00+07:00')}`, 'workingDays'],
      [`from=${enc('2026-03-02T10:00:00+07:00')}&workingDays=-1`, 'workingDays'],
      [`from=${enc('2026-03-02T10:00:00+07:00')}&workingDays=2&sameDay=true`, 'sameDay'],
      [`from=${enc('2026-03-02T10:00:00+07:00')}&workingDays=2&colour=red`, 'colour'],
      [`from=${enc('2026-03-02T10:00:00+07:00')}&workingDays=2&agency=nowhere`, 'agency'],
    ];
    for (const [query, field] of cases) {
      const res = await due(query);
      t.equal(res.statusCode, 400, query);
      t.ok(res.json().details.some((d: { field: string }) => d.field === field), `${query} names ${field}: ${res.body}`);
    }
    const en = await app.inject({ url: '/api/calendar/due?from=nope&workingDays=1', headers: { ...reception, 'accept-language': 'en' } });
    t.match(en.json().details[0].message, /ISO 8601/);
    t.equal((await app.inject({ url: '/api/calendar/due?from=2026-03-02T10:00:00Z&workingDays=1' })).statusCode, 401);
  });

  t.test('an admin imports the official schedule of a year; deadlines follow it; it is audited', async (t) => {
    const before = await app.inject({ url: '/api/calendar/2027', headers: reception });
    t.equal(before.statusCode, 200);
    t.equal(before.json().official, false, '2027 is a computed default until imported');
    t.ok(before.json().daysOff.some((d: { date: string }) => d.date === '2027-02-06'), 'Tết 2027 (lunar 1/1 = 6 Feb) is in the default');

    const table = { ...before.json(), official: true, source: 'Công văn thử nghiệm 1/VPCP', daysOff: [...before.json().daysOff, { date: '2027-11-24', nameVi: 'Ngày Văn hóa Việt Nam', nameEn: 'Vietnam Culture Day', kind: 'holiday' }] };
    t.equal(await dueAt(`from=${enc('2027-11-23T10:00:00+07:00')}&workingDays=1`), '2027-11-24T17:00:00+07:00');
    const version = await basis();
    t.equal((await app.inject({ method: 'PUT', url: '/api/calendar/2027', headers: reception, payload: table })).statusCode, 403);
    const commune = await app.inject({ method: 'PUT', url: '/api/calendar/2027', headers: communeAdmin, payload: table });
    t.equal(commune.statusCode, 403, 'a commune administrator may not change the shared table');
    t.equal(commune.json().code, 'PROVINCE_ADMIN_ONLY');
    const put = await app.inject({ method: 'PUT', url: '/api/calendar/2027', headers: admin, payload: table });
    t.equal(put.statusCode, 200, put.body);
    t.equal(await basis(), version + 1, 'the import voids the reminder checks, once (not the refused attempts)');
    t.equal(await dueAt(`from=${enc('2027-11-23T10:00:00+07:00')}&workingDays=1`), '2027-11-25T17:00:00+07:00', 'the new holiday is skipped');
    const after = await app.inject({ url: '/api/calendar/2027', headers: reception });
    t.equal(after.json().official, true);
    const audit = await ctx.handle.db.selectFrom('audit_log').select(['action', 'target_id', 'after']).where('action', '=', 'calendar.import').execute();
    t.equal(audit.length, 1);
    t.equal(audit[0]!.target_id, '2027');
  });

  t.test('a bad year table is refused with its fields named, and nothing changes', async (t) => {
    const version = await basis();
    const bad = { year: 2028, source: '', official: 'yes', daysOff: [{ date: '2028-02-30', nameVi: 'x', nameEn: 'x', kind: 'party' }], workingSaturdays: [] };
    const res = await app.inject({ method: 'PUT', url: '/api/calendar/2028', headers: admin, payload: bad });
    t.equal(res.statusCode, 400);
    const fields = res.json().details.map((d: { field: string }) => d.field);
    for (const f of ['source', 'official', 'daysOff[0].date', 'daysOff[0].kind']) t.ok(fields.includes(f), `${f} in ${fields.join(', ')}`);
    const mismatch = await app.inject({ method: 'PUT', url: '/api/calendar/2029', headers: admin, payload: (await app.inject({ url: '/api/calendar/2030', headers: admin })).json() });
    t.equal(mismatch.statusCode, 400);
    t.equal(await ctx.handle.db.selectFrom('calendar_years').select('year').where('year', 'in', [2028, 2029]).executeTakeFirst(), undefined);
    t.equal(await basis(), version, 'reminder checks stand');
  });

  t.test('office hours per agency change its deadlines', async (t) => {
    const hours = (await app.inject({ url: '/api/agencies/xa-demo/office-hours', headers: reception })).json();
    t.same(hours.weekly.sat, []);
    const saturday = { ...hours, weekly: { ...hours.weekly, sat: [{ start: '07:30', end: '11:30' }] } };
    const version = await basis();
    t.equal((await app.inject({ method: 'PUT', url: '/api/agencies/xa-demo/office-hours', headers: communeAdmin, payload: {} })).statusCode, 400);
    t.equal((await app.inject({ method: 'PUT', url: '/api/agencies/ca-xa-demo/office-hours', headers: communeAdmin, payload: saturday })).statusCode, 404, 'outside the commune admin\'s agencies');
    const put = await app.inject({ method: 'PUT', url: '/api/agencies/xa-demo/office-hours', headers: communeAdmin, payload: saturday });
    t.equal(put.statusCode, 200, put.body);
    t.equal(await basis(), version + 1, 'new office hours void the reminder checks, once (not the refused attempts)');
    t.equal(await dueAt(`from=${enc('2026-03-06T10:00:00+07:00')}&workingDays=1&agency=xa-demo`), '2026-03-07T11:30:00+07:00', 'Saturday morning counts for this agency');
    t.equal(await dueAt(`from=${enc('2026-03-06T10:00:00+07:00')}&workingDays=1`), '2026-03-09T17:00:00+07:00', 'not for the default');
  });

  t.test('what the 15:00 cut-off affects is the agency\'s setting', async (t) => {
    const hours = (await app.inject({ url: '/api/agencies/xa-demo/office-hours', headers: reception })).json();
    const bad = await app.inject({ method: 'PUT', url: '/api/agencies/xa-demo/office-hours', headers: communeAdmin, payload: { ...hours, cutoffAffects: 'everything' } });
    t.equal(bad.statusCode, 400);
    t.ok(bad.json().details.some((d: { field: string }) => d.field === 'cutoffAffects'), bad.body);
    const put = await app.inject({ method: 'PUT', url: '/api/agencies/xa-demo/office-hours', headers: communeAdmin, payload: { ...hours, cutoffAffects: 'allDayLimits' } });
    t.equal(put.statusCode, 200, put.body);
    const q = `from=${enc('2026-02-13T15:30:00+07:00')}&workingDays=1`;
    t.equal(await dueAt(`${q}&agency=xa-demo`), '2026-02-24T17:00:00+07:00', 'eve of Tết after 15:00 counts from Mon 23/2 for this agency');
    t.equal(await dueAt(q), '2026-02-23T17:00:00+07:00', 'the default counts from Fri 13/2');
  });
});
