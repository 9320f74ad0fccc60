import t from 'tap';
import {
  createCalendar, exportYearTable, importYearTable, SHIPPED_YEAR_TABLES, validateYearTable, withYearTable, type YearTable,
} from '../../../api/domain/calendar/index.ts';
import { day } from './helpers.ts';

const valid = (): YearTable => ({
  year: 2027,
  source: 'Công văn số X/VPCP-KGVX',
  official: true,
  daysOff: [
    { date: '2027-02-05', nameVi: 'Tết Nguyên đán', nameEn: 'Lunar New Year', kind: 'holiday' },
    { date: '2027-02-12', nameVi: 'Nghỉ hoán đổi', nameEn: 'Swapped day off', kind: 'swap', note: '(verify)' },
  ],
  workingSaturdays: [{ date: '2027-02-20', replaces: '2027-02-12' }],
});

const codes = (input: unknown) => validateYearTable(input).map((e) => `${e.field}:${e.code}`);

t.test('a valid table has no errors; shipped tables are valid', async (t) => {
  t.same(validateYearTable(valid()), []);
  for (const table of SHIPPED_YEAR_TABLES) t.same(validateYearTable(table), [], `${table.year}`);
});

t.test('top-level fields', async (t) => {
  t.same(codes(null), [':NOT_AN_OBJECT']);
  t.same(codes([]), [':NOT_AN_OBJECT']);
  t.ok(codes({ ...valid(), year: 1899 }).includes('year:INVALID_YEAR'));
  t.ok(codes({ ...valid(), year: 2027.5 }).includes('year:INVALID_YEAR'));
  t.ok(codes({ ...valid(), year: '2027' }).includes('year:INVALID_YEAR'));
  t.same(codes({ ...valid(), source: ' ' }), ['source:REQUIRED']);
  t.same(codes({ ...valid(), official: 'yes' }), ['official:NOT_A_BOOLEAN']);
  t.same(codes({ ...valid(), note: 3 }), ['note:NOT_A_STRING']);
  t.same(codes({ ...valid(), daysOff: {} }), ['daysOff:NOT_A_LIST', 'workingSaturdays[0].replaces:NOT_A_DAY_OFF']);
  t.same(codes({ ...valid(), workingSaturdays: 'x' }), ['workingSaturdays:NOT_A_LIST']);
});

t.test('days off', async (t) => {
  const withDay = (entry: unknown) => ({ ...valid(), daysOff: [...valid().daysOff, entry] });
  t.same(codes(withDay('2027-03-01')), ['daysOff[2]:NOT_AN_OBJECT']);
  t.same(codes(withDay({ date: '2027-02-30', nameVi: 'a', nameEn: 'a', kind: 'holiday' })), ['daysOff[2].date:INVALID_DATE']);
  t.same(codes(withDay({ date: '27-03-01', nameVi: 'a', nameEn: 'a', kind: 'holiday' })), ['daysOff[2].date:INVALID_DATE']);
  t.same(codes(withDay({ date: '2026-12-31', nameVi: 'a', nameEn: 'a', kind: 'holiday' })), ['daysOff[2].date:DATE_OUTSIDE_YEAR']);
  t.same(codes(withDay({ date: '2027-02-05', nameVi: 'a', nameEn: 'a', kind: 'holiday' })), ['daysOff[2].date:DUPLICATE_DATE']);
  t.same(codes(withDay({ date: '2027-03-01', nameVi: '', nameEn: 'a', kind: 'holiday' })), ['daysOff[2].nameVi:REQUIRED']);
  t.same(codes(withDay({ date: '2027-03-01', nameVi: 'a', kind: 'holiday' })), ['daysOff[2].nameEn:REQUIRED']);
  t.same(codes(withDay({ date: '2027-03-01', nameVi: 'a', nameEn: 'a', kind: 'bridge' })), ['daysOff[2].kind:INVALID_KIND']);
  t.same(codes(withDay({ date: '2027-03-01', nameVi: 'a', nameEn: 'a', kind: 'holiday', note: 1 })), ['daysOff[2].note:NOT_A_STRING']);
});

t.test('working Saturdays', async (t) => {
  const withSat = (entry: unknown) => ({ ...valid(), workingSaturdays: [...valid().workingSaturdays, entry] });
  t.same(codes(withSat({ date: '2027-02-22' })), ['workingSaturdays[1].date:NOT_A_WEEKEND_DAY'], 'a Monday');
  t.same(codes(withSat({ date: '2027-02-21' })), [], 'a Sunday is accepted');
  t.same(codes(withSat({ date: '2027-02-20' })), ['workingSaturdays[1].date:DUPLICATE_DATE']);
  t.same(codes(withSat({ date: '2027-02-06' })), [], 'Sat 6/2 not a day off here');
  t.same(codes({ ...valid(), workingSaturdays: [{ date: '2027-02-27', replaces: '2027-02-15' }] }), ['workingSaturdays[0].replaces:NOT_A_DAY_OFF']);
  t.same(codes({ ...valid(), workingSaturdays: [{ date: '2027-02-27', replaces: 'soon' }] }), ['workingSaturdays[0].replaces:INVALID_DATE']);
  t.same(codes({ ...valid(), workingSaturdays: [{ date: '2028-01-01' }] }), ['workingSaturdays[0].date:DATE_OUTSIDE_YEAR']);
  t.same(codes({ ...valid(), workingSaturdays: [7] }), ['workingSaturdays[0]:NOT_AN_OBJECT']);
  const clash = { ...valid(), daysOff: [...valid().daysOff, { date: '2027-02-20', nameVi: 'a', nameEn: 'a', kind: 'weekend' }] };
  t.same(codes(clash), ['workingSaturdays[0].date:ALSO_A_DAY_OFF']);
});

t.test('messages are Vietnamese and English', async (t) => {
  const [e] = validateYearTable({ ...valid(), source: '' });
  t.match(e, { field: 'source', code: 'REQUIRED', vi: /Bắt buộc/, en: /Required/ });
});

t.test('import returns errors, or a canonical copy; export round-trips through JSON', async (t) => {
  const bad = importYearTable({ ...valid(), official: 1 });
  t.equal(bad.ok, false);
  const shuffled = { ...valid(), daysOff: [...valid().daysOff].reverse(), extra: 'ignored' };
  const good = importYearTable(JSON.parse(JSON.stringify(shuffled)));
  if (!good.ok) throw new Error('should import');
  t.same(good.table.daysOff.map((d) => d.date), ['2027-02-05', '2027-02-12'], 'sorted');
  t.notOk('extra' in good.table, 'unknown fields dropped');
  const exported = JSON.parse(JSON.stringify(exportYearTable(good.table)));
  const again = importYearTable(exported);
  t.same(again, good);
  t.same(Object.keys(exportYearTable(valid())), ['year', 'source', 'official', 'daysOff', 'workingSaturdays']);
  t.same(Object.keys(exportYearTable({ ...valid(), note: 'n' })), ['year', 'source', 'official', 'note', 'daysOff', 'workingSaturdays']);
});

t.test('an exported computed default can be edited and imported back', async (t) => {
  const calendar = createCalendar();
  const exported = JSON.parse(JSON.stringify(exportYearTable(calendar.yearTable(2027))));
  exported.official = true;
  exported.source = 'Quyết định chính thức';
  exported.workingSaturdays.push({ date: '2027-02-20' });
  const imported = importYearTable(exported);
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  const updated = withYearTable(calendar, imported.table);
  t.ok(updated.isWorkingDay(day('2027-02-20')));
  t.notOk(calendar.isWorkingDay(day('2027-02-20')), 'the original calendar is unchanged');
  t.equal(updated.yearTable(2027).official, true);
});

t.test('createCalendar refuses an invalid table', async (t) => {
  t.throws(() => createCalendar({ yearTables: [{ ...valid(), year: 3000 }] }), RangeError);
  t.throws(() => createCalendar().yearTable(2300), RangeError);
});
