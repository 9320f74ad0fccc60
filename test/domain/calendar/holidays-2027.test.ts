import t from 'tap';
import { createCalendar } from '../../../api/domain/calendar/index.ts';
import { day } from './helpers.ts';
import { checkYearDayByDay } from './year-expectations.ts';

const calendar = createCalendar();

t.test('2027 day by day (no official table yet: lunar-calendar default)', async (t) => {
  checkYearDayByDay(t, {
    year: 2027,
    weekdaysOff: [
      '2027-01-01', // New Year, Fri
      '2027-02-05', // last day of the lunar year, Fri
      '2027-02-08', '2027-02-09', // lunar 3/1, 4/1 (1/1 = Sat 6/2, 2/1 = Sun 7/2)
      '2027-02-10', '2027-02-11', // compensatory for Sat 6/2 and Sun 7/2
      '2027-04-16', // Hùng Kings (lunar 10/3), Fri
      '2027-04-30', // Fri
      '2027-05-03', // compensatory for Labour Day on Sat 1/5
      '2027-09-02', '2027-09-03', // National Day Thu + adjacent Fri
    ],
    makeUpDays: [],
    saturdaysOff: ['2027-02-06', '2027-05-01'],
  }, calendar);
});

t.test('2027 table is marked as a non-official default', async (t) => {
  const table = calendar.yearTable(2027);
  t.equal(table.official, false);
  t.match(table.source, /mặc định/);
  t.match(table.source, /Default computed/);
  t.equal(calendar.dayOffOn(day('2027-02-10'))?.kind, 'compensatory');
  t.match(calendar.dayOffOn(day('2027-02-10'))?.nameVi, /^Nghỉ bù Tết Nguyên đán/);
  t.equal(table.workingSaturdays.length, 0);
});

t.test('an imported official 2027 table replaces the default', async (t) => {
  const official = createCalendar({
    yearTables: [{
      year: 2027, source: 'test', official: true,
      daysOff: [{ date: '2027-02-12', nameVi: 'Nghỉ hoán đổi', nameEn: 'Swap', kind: 'swap' }],
      workingSaturdays: [{ date: '2027-02-20', replaces: '2027-02-12' }],
    }],
  });
  t.ok(official.isWorkingDay(day('2027-02-10')), 'default compensatory day is gone');
  t.notOk(official.isWorkingDay(day('2027-02-12')));
  t.ok(official.isWorkingDay(day('2027-02-20')));
  t.equal(official.yearTable(2027).official, true);
  t.equal(official.yearTable(2026).official, true, 'shipped 2026 still there');
});
