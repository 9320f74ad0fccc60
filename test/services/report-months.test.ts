/**
 * A period as pieces of the report counters (services/report-months.ts): whole months by their month
 * row; a partial month by the cheaper side, its days inside or its month row less its days outside,
 * where days after today cost nothing (no counter lies in the future).
 */
import t from 'tap';
import { monthPieces } from '../../api/services/report-months.ts';

t.same(monthPieces('2026-07-01', '2026-12-31', '2027-01-10'), { months: ['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'], plus: [], minus: [] }, 'whole months');
t.same(monthPieces('2026-07-01', '2026-12-03', '2026-12-03'), { months: ['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'], plus: [], minus: [] },
  'ending today: the month row, its days after today cost nothing');
t.same(monthPieces('2026-07-01', '2026-12-03', '2026-12-20'), { months: ['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01'], plus: [{ from: '2026-12-01', to: '2026-12-03' }], minus: [] },
  'three days of December inside against seventeen past outside: the days');
t.same(monthPieces('2026-02-10', '2026-03-25', '2026-06-30'), { months: ['2026-02-01', '2026-03-01'], plus: [], minus: [{ from: '2026-02-01', to: '2026-02-09' }, { from: '2026-03-26', to: '2026-03-31' }] },
  'most of each month inside: the month rows less the days outside');
t.same(monthPieces('2026-03-14', '2026-03-14', '2026-06-30'), { months: [], plus: [{ from: '2026-03-14', to: '2026-03-14' }], minus: [] }, 'one day');
t.same(monthPieces('2024-02-20', '2024-02-29', '2024-03-01'), { months: [], plus: [{ from: '2024-02-20', to: '2024-02-29' }], minus: [] }, 'a leap February: 10 days inside, 19 outside → the days');
t.same(monthPieces('2024-02-10', '2024-02-29', '2024-03-01'), { months: ['2024-02-01'], plus: [], minus: [{ from: '2024-02-01', to: '2024-02-09' }] }, 'a leap February: 20 days inside, 9 outside → the month less 9 days');
