/**
 * Decision 766/QĐ-TTg (2022) timeliness, which differs from Decree 118's restart rule:
 * - supplement (pause) time is subtracted from the elapsed time instead of restarting;
 * - more than one supplement request counts as late, whatever the time.
 *
 * Computation: the allowed working time is that from receipt to the original due date (form
 * 01), plus the working time added by an extension. The dossier is on time when it finished
 * (or, still open, is at `asOf`) no later than the original due date pushed forward by the
 * paused and extended working time, with at most one supplement request.
 */
import { addWorkingTime, workingTimeBetween, type Calendar } from '../calendar/index.ts';
import type { DossierClock, PauseInterval } from './clock.ts';

/** The data Decision 766 needs (also from other systems, where several pauses may exist). */
export interface Decision766Input {
  receivedAt: Date;
  originalDueAt: Date;
  extension: { previousDueAt: Date; newDueAt: Date } | null;
  pauses: readonly PauseInterval[];
  supplementRequestCount: number;
  finishedAt: Date | null;
}

/** The result, with the working times (ms) for reports. */
export interface Decision766Result {
  endAt: Date;
  elapsedWorkingMs: number;
  pausedWorkingMs: number;
  /** Elapsed minus paused. */
  netWorkingMs: number;
  allowedWorkingMs: number;
  effectiveDueAt: Date;
  onTime: boolean;
  lateReason: 'MULTIPLE_SUPPLEMENTS' | 'OVER_TIME' | null;
}

/** Decision 766 timeliness of a dossier at `asOf` (ignored when finished). */
export function decision766(calendar: Calendar, input: Decision766Input, asOf: Date): Decision766Result {
  const endAt = input.finishedAt ?? asOf;
  const pausedWorkingMs = input.pauses.reduce((sum, p) => {
    const from = Math.max(p.from.getTime(), input.receivedAt.getTime());
    const to = Math.min((p.to ?? endAt).getTime(), endAt.getTime());
    return to > from ? sum + workingTimeBetween(calendar, new Date(from), new Date(to)) : sum;
  }, 0);
  const extensionMs = input.extension ? Math.max(0, workingTimeBetween(calendar, input.extension.previousDueAt, input.extension.newDueAt)) : 0;
  const elapsedWorkingMs = Math.max(0, workingTimeBetween(calendar, input.receivedAt, endAt));
  const allowedWorkingMs = workingTimeBetween(calendar, input.receivedAt, input.originalDueAt) + extensionMs;
  const effectiveDueAt = addWorkingTime(calendar, input.originalDueAt, pausedWorkingMs + extensionMs);
  const multiple = input.supplementRequestCount > 1;
  const overTime = endAt > effectiveDueAt;
  return {
    endAt, elapsedWorkingMs, pausedWorkingMs, netWorkingMs: elapsedWorkingMs - pausedWorkingMs, allowedWorkingMs, effectiveDueAt,
    onTime: !multiple && !overTime,
    lateReason: multiple ? 'MULTIPLE_SUPPLEMENTS' : overTime ? 'OVER_TIME' : null,
  };
}

/** {@link decision766} for a {@link DossierClock}. */
export function decision766ForClock(calendar: Calendar, clock: DossierClock, asOf: Date): Decision766Result {
  return decision766(calendar, {
    receivedAt: clock.receivedAt,
    originalDueAt: clock.originalDueAt,
    extension: clock.extension,
    pauses: clock.pauses,
    supplementRequestCount: clock.pauses.filter((p) => p.reason === 'supplement').length,
    finishedAt: clock.finishedAt ?? clock.closedAt,
  }, asOf);
}

/** What motcua stores of a dossier (columns, lifecycle state and history), as read for the index. */
export interface StoredDossierTimes {
  receivedAt: Date;
  /** The due date given at receipt (form 01; the history of `receive` / `accept`), if recorded. */
  receiptDueAt: Date | null;
  /** `coalesce(original_due_at, due_at)`: the fallback when the receipt's due date is not recorded. */
  originalOrCurrentDueAt: Date;
  /** The extension (history of `extend`). */
  extension: { previousDueAt: Date; newDueAt: Date } | null;
  /** Every pause of the lifecycle state; only supplement waits are subtracted. */
  pauses: ReadonlyArray<{ kind: string; from: Date; to: Date | null }>;
  supplementRequests: number;
  finishedAt: Date | null;
}

/**
 * The {@link Decision766Input} of a stored dossier. The original due date is the one given at receipt:
 * Decree 118 restarts `due_at` after a supplement, which Decision 766 must not see (it subtracts the wait).
 */
export function decision766InputOf(d: StoredDossierTimes): Decision766Input {
  return {
    receivedAt: d.receivedAt,
    originalDueAt: d.receiptDueAt ?? d.originalOrCurrentDueAt,
    extension: d.extension,
    pauses: d.pauses.filter((p) => p.kind === 'supplement').map((p) => ({ reason: 'supplement' as const, from: p.from, to: p.to })),
    supplementRequestCount: d.supplementRequests,
    finishedAt: d.finishedAt,
  };
}
