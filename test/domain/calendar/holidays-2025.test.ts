import t from 'tap';
import { createCalendar } from '../../../api/domain/calendar/index.ts';
import { day } from './helpers.ts';
import { checkYearDayByDay } from './year-expectations.ts';

const calendar = createCalendar();

t.test('2025 day by day (official table)', async (t) => {
  checkYearDayByDay(t, {
    year: 2025,
    weekdaysOff: [
      '2025-01-01', // New Year, Wed
      '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', // Tết (27/1 compensates lunar 4/1 on Sat 1/2)
      '2025-04-07', // Hùng Kings, Mon
      '2025-04-30', '2025-05-01', '2025-05-02', // 30/4, 1/5, swapped Fri 2/5
      '2025-09-01', '2025-09-02', // National Day
    ],
    makeUpDays: ['2025-04-26'],
    saturdaysOff: ['2025-01-25', '2025-02-01', '2025-05-03', '2025-08-30'],
  }, calendar);
});

t.test('2025 table metadata and names', async (t) => {
  const table = calendar.yearTable(2025);
  t.equal(table.official, true);
  t.equal(table.daysOff.length, 20);
  t.equal(calendar.dayOffOn(day('2025-01-29'))?.nameVi, 'Tết Nguyên đán');
  t.equal(calendar.dayOffOn(day('2025-05-02'))?.kind, 'swap');
  t.equal(calendar.dayOffOn(day('2025-01-27'))?.kind, 'compensatory');
  t.match(calendar.dayOffOn(day('2025-09-01'))?.note, /verify/);
  t.equal(calendar.dayOffOn(day('2025-04-07'))?.note, undefined, 'Hùng Kings 2025 is not a (verify) item');
  t.ok(calendar.isMakeUpDay(day('2025-04-26')));
  t.same(table.workingSaturdays, [{ date: '2025-04-26', replaces: '2025-05-02' }]);
});
