/** Working-day counting on a calendar, in the shape the dossier state machine's guards take. */
import { localDayOf, type Calendar } from '../domain/calendar/index.ts';
import type { WorkingDaysBetween } from '../domain/dossier/index.ts';

/**
 * Whole working days after the day of `from` up to and including the day of `to` (0 when `to` is
 * on the same day or earlier).
 */
export function workingDaysBetween(calendar: Calendar): WorkingDaysBetween {
  return (from, to) => {
    const first = localDayOf(from.getTime());
    const last = localDayOf(to.getTime());
    let n = 0;
    for (let day = first + 1; day <= last; day++) if (calendar.isWorkingDay(day)) n++;
    return n;
  };
}
