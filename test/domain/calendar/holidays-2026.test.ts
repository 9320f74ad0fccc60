import t from 'tap';
import { createCalendar } from '../../../api/domain/calendar/index.ts';
import { day } from './helpers.ts';
import { checkYearDayByDay } from './year-expectations.ts';

const calendar = createCalendar();

t.test('2026 day by day (official table)', async (t) => {
  checkYearDayByDay(t, {
    year: 2026,
    weekdaysOff: [
      '2026-01-01', '2026-01-02', // New Year Thu + swapped Fri
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', // Tết (Sat 14/2 – Sun 22/2)
      '2026-04-27', // compensatory for Hùng Kings on Sun 26/4
      '2026-04-30', '2026-05-01', // Thu, Fri
      '2026-08-31', '2026-09-01', '2026-09-02', // National Day: swapped Mon 31/8, Tue 1/9, Wed 2/9
    ],
    makeUpDays: ['2026-01-10', '2026-08-22'],
    saturdaysOff: ['2026-01-03', '2026-02-14', '2026-02-21', '2026-05-02', '2026-08-29'],
  }, calendar);
});

t.test('2026 table metadata and names', async (t) => {
  const table = calendar.yearTable(2026);
  t.equal(table.official, true);
  t.match(table.source, /12729\/VPCP-KGVX/);
  t.equal(calendar.dayOffOn(day('2026-04-26'))?.kind, 'holiday');
  t.match(calendar.dayOffOn(day('2026-04-26'))?.nameVi, /Hùng Vương/);
  t.equal(calendar.dayOffOn(day('2026-04-27'))?.kind, 'compensatory');
  t.equal(calendar.dayOffOn(day('2026-01-02'))?.kind, 'swap');
  t.match(calendar.dayOffOn(day('2026-08-31'))?.note, /verify/);
  t.equal(calendar.dayOffOn(day('2026-02-17'))?.note, undefined);
  t.same(table.workingSaturdays.map((w) => w.replaces), ['2026-01-02', '2026-08-31']);
});

t.test('the first working day after Tết 2026 is Monday 23 February', async (t) => {
  t.notOk(calendar.isWorkingDay(day('2026-02-22')));
  t.ok(calendar.isWorkingDay(day('2026-02-23')));
  t.ok(calendar.isWorkingDay(day('2026-02-13')), 'Friday before Tết is a working day');
});
