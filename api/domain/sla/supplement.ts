/**
 * Supplement during appraisal (Decree 118/2025 Art. 19.5, Art. 11.2c):
 * - requested at most once (a second request → `SUPPLEMENT_ALREADY_REQUESTED`), and within
 *   3 working days of receipt, i.e. by the due instant of a 3-working-day limit from receipt
 *   (same rules as any deadline, the agency's 15:00 setting included; later → `SUPPLEMENT_WINDOW_PASSED`);
 * - while waiting the time limit is paused (a pause interval is opened, `dueAt` is null);
 * - when the complete supplement arrives the time limit restarts from zero: the new due date
 *   is computed from the arrival as from a receipt (the pause interval is closed);
 * - without it within 15 days (policy) the dossier may be closed.
 */
import {
  dueAt, localDayOf, nthWorkingDayAfter, officeCloseMs, workingDayOnOrAfter, type Calendar,
} from '../calendar/index.ts';
import { checkEvent, isAwaitingSupplement, type DossierClock } from './clock.ts';
import { accept, refuse, type SlaResult } from './errors.ts';
import type { SlaPolicy } from './policy.ts';

/** The last instant at which a supplement may still be requested. */
export function supplementRequestDeadline(calendar: Calendar, clock: DossierClock, policy: SlaPolicy): Date {
  return dueAt(calendar, clock.receivedAt, { kind: 'workingDays', days: policy.supplementRequestWindowWorkingDays });
}

/**
 * The end of the applicant's time to supplement, for a request at `requestedAt`: the close of
 * office hours of the last day, counted from the day after the request — `days` calendar days
 * (a last day off moves to the next working day) or `days` working days.
 */
export function supplementDeadline(calendar: Calendar, requestedAt: Date, policy: SlaPolicy): Date {
  const requestDay = localDayOf(requestedAt.getTime());
  const { days, unit } = policy.supplementWait;
  const lastDay = unit === 'working'
    ? nthWorkingDayAfter(calendar, requestDay, days)
    : workingDayOnOrAfter(calendar, requestDay + days);
  return new Date(officeCloseMs(calendar, lastDay));
}

/** Requests a supplement (form 02) at `at`: pauses the time limit. */
export function requestSupplement(calendar: Calendar, clock: DossierClock, at: Date, policy: SlaPolicy): SlaResult<DossierClock> {
  const check = checkEvent(clock, at);
  if (!check.ok) return check;
  if (clock.supplement) return refuse('SUPPLEMENT_ALREADY_REQUESTED');
  if (at > supplementRequestDeadline(calendar, clock, policy)) return refuse('SUPPLEMENT_WINDOW_PASSED');
  return accept({
    ...clock,
    supplement: { requestedAt: at, deadlineAt: supplementDeadline(calendar, at, policy), receivedAt: null },
    pauses: [...clock.pauses, { reason: 'supplement', from: at, to: null }],
    dueAt: null,
    lastEventAt: at,
  });
}

/** Records the arrival of the complete supplement at `at`: the time limit restarts from `at`. */
export function receiveSupplement(calendar: Calendar, clock: DossierClock, at: Date): SlaResult<DossierClock> {
  const check = checkEvent(clock, at);
  if (!check.ok) return check;
  if (!isAwaitingSupplement(clock)) return refuse('SUPPLEMENT_NOT_REQUESTED');
  if (at > clock.supplement!.deadlineAt) return refuse('SUPPLEMENT_DEADLINE_PASSED');
  return accept({
    ...clock,
    supplement: { ...clock.supplement!, receivedAt: at },
    pauses: closeOpenPause(clock, at),
    clockStartedAt: at,
    dueAt: dueAt(calendar, at, clock.limit),
    lastEventAt: at,
  });
}

/** Closes the dossier at `at` because the supplement did not arrive by its deadline. */
export function closeForMissingSupplement(clock: DossierClock, at: Date): SlaResult<DossierClock> {
  const check = checkEvent(clock, at);
  if (!check.ok) return check;
  if (!isAwaitingSupplement(clock)) return refuse('SUPPLEMENT_NOT_REQUESTED');
  if (at <= clock.supplement!.deadlineAt) return refuse('SUPPLEMENT_DEADLINE_NOT_REACHED');
  return accept({ ...clock, pauses: closeOpenPause(clock, at), closedAt: at, lastEventAt: at });
}

function closeOpenPause(clock: DossierClock, at: Date): DossierClock['pauses'] {
  return clock.pauses.map((p) => (p.to === null ? { ...p, to: at } : p));
}
