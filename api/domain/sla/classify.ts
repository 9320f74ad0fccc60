/**
 * Status of dossiers and steps (report II.06a; colours green / amber / red).
 *
 * Finished (DOMAIN §5: "early = returned before the due date, on time = on the due date,
 * late = after"):
 * - `early`: finished on a local day before the due instant's day;
 * - `on_time`: finished on the due day, at or before the due instant;
 * - `late`: finished after the due instant (even on the same day, e.g. 17:30 for 17:00).
 *
 * Open, at `asOf`:
 * - `overdue`: after the due instant;
 * - `due_soon`: remaining working time ≤ the threshold (working hours, or a fraction of the
 *   working time allowed from the start to the due instant);
 * - `in_time`: otherwise.
 */
import { addWorkingMs, HOUR_MS, localDayOf, nextWorkingMs, workingTimeBetween, type Calendar } from '../calendar/index.ts';
import { isAwaitingSupplement, type DossierClock } from './clock.ts';
import type { DueSoonThreshold, SlaPolicy } from './policy.ts';

/** Outcome of a finished dossier or step. */
export type FinishedOutcome = 'early' | 'on_time' | 'late';
/** Status of an open dossier or step. */
export type OpenStatus = 'in_time' | 'due_soon' | 'overdue';

/** Classifies a finished dossier or step. */
export function classifyFinished(due: Date, finishedAt: Date): FinishedOutcome {
  if (finishedAt > due) return 'late';
  return localDayOf(finishedAt.getTime()) < localDayOf(due.getTime()) ? 'early' : 'on_time';
}

/** Classifies an open dossier or step that started at `startAt` and is due at `due`. */
export function classifyOpen(calendar: Calendar, startAt: Date, due: Date, asOf: Date, threshold: DueSoonThreshold): OpenStatus {
  if (asOf > due) return 'overdue';
  const remaining = workingTimeBetween(calendar, asOf, due);
  const limit = threshold.kind === 'workingHours'
    ? threshold.hours * HOUR_MS
    : threshold.fraction * workingTimeBetween(calendar, startAt, due);
  return remaining <= limit ? 'due_soon' : 'in_time';
}

/**
 * Under a working-hours threshold, the latest due instant of an open step that is due soon at
 * `asOf`: {@link classifyOpen} says `due_soon` exactly for due instants in [asOf, bound] (a due
 * instant in the break after the threshold is reached leaves no more working time). Null for a
 * fraction threshold, which depends on each step's start.
 */
export function dueSoonBound(calendar: Calendar, asOf: Date, threshold: DueSoonThreshold): Date | null {
  if (threshold.kind !== 'workingHours') return null;
  const reached = addWorkingMs(calendar, nextWorkingMs(calendar, asOf.getTime()), threshold.hours * HOUR_MS);
  return new Date(nextWorkingMs(calendar, reached));
}

/** The status of a dossier at `asOf`. */
export type DossierStatus =
  | { state: 'finished'; outcome: FinishedOutcome; dueAt: Date }
  | { state: 'open'; status: OpenStatus; dueAt: Date; remainingWorkingMs: number }
  | { state: 'awaiting_supplement'; supplementDeadlineAt: Date; closable: boolean }
  | { state: 'closed' };

/**
 * The Decree 118 status of a dossier: measured against the due date in force (restarted
 * after a supplement, moved by an extension). A dossier waiting for a supplement is neither
 * in time nor overdue: its clock is stopped (`closable` once the supplement deadline passed).
 */
export function dossierStatus(calendar: Calendar, clock: DossierClock, asOf: Date, policy: SlaPolicy): DossierStatus {
  if (clock.closedAt) return { state: 'closed' };
  if (isAwaitingSupplement(clock)) {
    const deadline = clock.supplement!.deadlineAt;
    return { state: 'awaiting_supplement', supplementDeadlineAt: deadline, closable: asOf > deadline };
  }
  const due = clock.dueAt!;
  if (clock.finishedAt) return { state: 'finished', outcome: classifyFinished(due, clock.finishedAt), dueAt: due };
  return {
    state: 'open',
    status: classifyOpen(calendar, clock.clockStartedAt, due, asOf, policy.dueSoon),
    dueAt: due,
    remainingWorkingMs: Math.max(0, workingTimeBetween(calendar, asOf, due)),
  };
}
