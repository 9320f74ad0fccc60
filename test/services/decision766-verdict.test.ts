/**
 * The index's shortcut (`verdict766`) gives what the full Decision 766 computation gives, for dossiers
 * with and without pauses or an extension, due and finished at any instant (in and out of working time,
 * weekends and holidays), finished or still open.
 */
import t from 'tap';
import fc from 'fast-check';
import { decision766 } from '../../api/domain/sla/index.ts';
import { verdict766 } from '../../api/services/decision766.ts';
import { calendar } from '../domain/sla/helpers.ts';

const START = Date.parse('2026-01-01T00:00:00+07:00');
const HOUR = 3_600_000;
const instant = fc.integer({ min: 0, max: 24 * 300 * 4 }).map((q) => new Date(START + q * HOUR / 4));

t.test('verdict766 agrees with decision766', async (t) => {
  const memo = new Map();
  let checked = 0;
  fc.assert(fc.property(
    instant, fc.integer({ min: 0, max: 24 * 30 * 4 }), fc.option(fc.integer({ min: 0, max: 24 * 40 * 4 }), { nil: null }),
    fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 24 * 60 * 4 }),
    (received, dueAfter, finishAfter, supplements, paused, extended, asOfAfter) => {
      const receivedAt = received;
      const originalDueAt = new Date(receivedAt.getTime() + dueAfter * HOUR / 4);
      const input = {
        receivedAt, originalDueAt, supplementRequestCount: supplements,
        finishedAt: finishAfter === null ? null : new Date(receivedAt.getTime() + finishAfter * HOUR / 4),
        pauses: paused ? [{ reason: 'supplement' as const, from: new Date(receivedAt.getTime() + HOUR), to: new Date(receivedAt.getTime() + 30 * HOUR) }] : [],
        extension: extended ? { previousDueAt: originalDueAt, newDueAt: new Date(originalDueAt.getTime() + 48 * HOUR) } : null,
      };
      const asOf = new Date(receivedAt.getTime() + asOfAfter * HOUR / 4);
      const full = decision766(calendar, input, asOf);
      const quick = verdict766(calendar, input, asOf, memo);
      checked++;
      return quick.onTime === full.onTime && quick.lateReason === full.lateReason && quick.pausedWorkingMs === full.pausedWorkingMs;
    },
  ), { numRuns: 3000, seed: 766 });
  t.equal(checked >= 3000, true, `${checked} cases compared`);
});

t.test('a due date outside working time is placed by the calendar, as the full computation does', async (t) => {
  // Due on a Saturday: addWorkingTime(due, 0) moves it to the next working instant, so a Monday-morning finish is on time.
  const input = { receivedAt: new Date('2026-03-02T09:00:00+07:00'), originalDueAt: new Date('2026-03-07T10:00:00+07:00'), supplementRequestCount: 0, pauses: [], extension: null, finishedAt: new Date('2026-03-09T07:00:00+07:00') };
  const full = decision766(calendar, input, new Date('2026-04-01T00:00:00+07:00'));
  const quick = verdict766(calendar, input, new Date('2026-04-01T00:00:00+07:00'), new Map());
  t.equal(quick.onTime, full.onTime);
  t.equal(quick.lateReason, full.lateReason);
});
