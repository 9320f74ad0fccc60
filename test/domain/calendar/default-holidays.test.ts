import t from 'tap';
import { compensatoryDays, computeDefaultYearTable, isoDateOf, statutoryHolidays, validateYearTable, weekdayOf } from '../../../api/domain/calendar/index.ts';
import { day } from './helpers.ts';

const dates = (year: number, kind?: string): string[] =>
  computeDefaultYearTable(year).daysOff.filter((d) => !kind || d.kind === kind).map((d) => d.date);

t.test('11 statutory holidays every year (Labour Code Art. 112)', async (t) => {
  for (let y = 2025; y <= 2060; y += 1) t.equal(statutoryHolidays(y).length, 11, `${y}`);
});

t.test('Tết = last day of the lunar year + lunar 1/1 to 4/1', async (t) => {
  t.same(dates(2026, 'holiday').filter((d) => d.startsWith('2026-02')), ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  t.same(dates(2025, 'holiday').filter((d) => d.startsWith('2025-01-2') || d.startsWith('2025-01-3') || d.startsWith('2025-02')),
    ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01']);
});

t.test('the default for 2026 matches the official 2026 days off on weekdays, except the swaps', async (t) => {
  const weekdays = (list: string[]) => list.filter((d) => ![0, 6].includes(weekdayOf(day(d))));
  t.same(weekdays(dates(2026)), [
    '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
    '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02',
  ]);
});

t.test('compensatory days: next weekday not already off', async (t) => {
  t.same(dates(2027, 'compensatory'), ['2027-02-10', '2027-02-11', '2027-05-03']);
  t.same(dates(2026, 'compensatory'), ['2026-04-27']);
  t.same(dates(2025, 'compensatory'), ['2025-02-03'], 'the Labour Code default (the 2025 official schedule took Mon 27/1 instead)');
  // 2028: 1/1 is a Saturday → Monday 3/1.
  t.ok(dates(2028, 'compensatory').includes('2028-01-03'));
});

t.test('National Day adjacent day: 3/9 when 2/9 is Monday or Thursday, else 1/9', async (t) => {
  const national = (y: number) => dates(y, 'holiday').filter((d) => d.slice(5, 7) === '09');
  t.same(national(2024), ['2024-09-02', '2024-09-03'], '2024: Monday');
  t.same(national(2025), ['2025-09-01', '2025-09-02'], '2025: Tuesday');
  t.same(national(2026), ['2026-09-01', '2026-09-02'], '2026: Wednesday');
  t.same(national(2027), ['2027-09-02', '2027-09-03'], '2027: Thursday');
  t.same(national(2028), ['2028-09-01', '2028-09-02'], '2028: Saturday');
  t.same(dates(2028, 'compensatory').filter((d) => d.slice(5, 7) === '09'), ['2028-09-04'], 'Sat 2/9/2028 → Mon 4/9');
  t.same(national(2029), ['2029-09-01', '2029-09-02'], '2029: Sunday (1/9 Saturday)');
  t.same(dates(2029, 'compensatory').filter((d) => d.slice(5, 7) === '09'), ['2029-09-03', '2029-09-04']);
});

t.test('extra holidays as data (e.g. a 24/11 Culture Day) and configurable Tết', async (t) => {
  const table = computeDefaultYearTable(2030, { tetDaysBefore: 2, tetDays: 5, extraHolidays: [{ month: 11, day: 24, nameVi: 'Ngày Văn hóa Việt Nam', nameEn: 'Vietnam Culture Day' }] });
  t.ok(table.daysOff.some((d) => d.date === '2030-11-24' && d.nameVi === 'Ngày Văn hóa Việt Nam'));
  t.ok(table.daysOff.some((d) => d.date === '2030-11-25' && d.kind === 'compensatory'), 'Sunday 24/11/2030 → Monday');
  const tet = table.daysOff.filter((d) => d.nameVi === 'Tết Nguyên đán').map((d) => d.date);
  t.same(tet, ['2030-01-31', '2030-02-01', '2030-02-02', '2030-02-03', '2030-02-04'], 'two days before lunar 1/1 (2/2/2030)');
});

t.test('computed tables are valid year tables, not official, without make-up days', async (t) => {
  for (let y = 2025; y <= 2100; y += 1) {
    const table = computeDefaultYearTable(y);
    t.same(validateYearTable(table), [], `${y} valid`);
    if (table.official || table.workingSaturdays.length > 0) t.fail(`${y}`);
  }
});

t.test('compensatoryDays ignores weekday holidays', async (t) => {
  t.same(compensatoryDays([{ day: day('2026-04-30'), nameVi: 'x', nameEn: 'x' }]), []);
  const result = compensatoryDays([{ day: day('2026-04-26'), nameVi: 'Giỗ Tổ', nameEn: 'Hùng' }]);
  t.same(result.map((r) => isoDateOf(r.day)), ['2026-04-27']);
  t.equal(result[0].nameVi, 'Nghỉ bù Giỗ Tổ');
});
