/**
 * The time record of one dossier (its "clock"): receipt, due dates, the supplement request,
 * every pause, the extension and the end. Immutable values: each rule returns a new clock.
 * Both Decree 118 (restart after a supplement) and Decision 766 (pause subtracted) can be
 * computed from it, because every instant is kept.
 */
import { addWorkingHours, dueAt, nextWorkingInstant, type Calendar, type TimeLimit } from '../calendar/index.ts';
import { accept, refuse, type SlaResult } from './errors.ts';
import type { SlaPolicy } from './policy.ts';

/** The supplement request (form 02), at most one per dossier. */
export interface SupplementRequest {
  requestedAt: Date;
  /** After this instant without the supplement, the dossier is closed. */
  deadlineAt: Date;
  /** When the complete supplement arrived (null while waiting). */
  receivedAt: Date | null;
}

/** An interval during which the time limit is paused (end null while still paused). */
export interface PauseInterval {
  reason: 'supplement';
  from: Date;
  to: Date | null;
}

/** The apology and extension letter (form 04). */
export interface ApologyLetter {
  /** Reason for the delay, in Vietnamese (required). */
  reasonVi: string;
  reasonEn?: string;
  /** Reference of the signed letter (number, document id). */
  documentRef?: string;
}

/** The extension (at most one per dossier). */
export interface Extension {
  requestedAt: Date;
  previousDueAt: Date;
  newDueAt: Date;
  apology: ApologyLetter;
}

/** The clock of a dossier. */
export interface DossierClock {
  limit: TimeLimit;
  /** Receipt of the complete dossier (form 01). */
  receivedAt: Date;
  /** The due date computed at acceptance (the appointment on form 01), never changed. */
  originalDueAt: Date;
  /** When the current time limit started: receipt, or arrival of the complete supplement. */
  clockStartedAt: Date;
  /** The due date in force; null while waiting for a supplement (paused). */
  dueAt: Date | null;
  supplement: SupplementRequest | null;
  pauses: PauseInterval[];
  extension: Extension | null;
  /** End of processing (result decided / returned). */
  finishedAt: Date | null;
  /** Closed because the supplement did not arrive in time. */
  closedAt: Date | null;
  /** The latest event instant; later events may not be earlier. */
  lastEventAt: Date;
}

/** Accepts a complete dossier received at `receivedAt`: its due date is the appointment on form 01. */
export function acceptDossier(calendar: Calendar, receivedAt: Date, limit: TimeLimit): DossierClock {
  const due = dueAt(calendar, receivedAt, limit);
  return {
    limit, receivedAt, originalDueAt: due, clockStartedAt: receivedAt, dueAt: due,
    supplement: null, pauses: [], extension: null, finishedAt: null, closedAt: null, lastEventAt: receivedAt,
  };
}

/**
 * The latest instant by which an online submission must be accepted or sent back for a
 * supplement: `onlineReviewWorkingHours` (8) working hours from the next working instant.
 */
export function onlineReviewDueAt(calendar: Calendar, submittedAt: Date, policy: SlaPolicy): Date {
  return addWorkingHours(calendar, nextWorkingInstant(calendar, submittedAt), policy.onlineReviewWorkingHours);
}

/** Refusal common to every event: finished, closed, or an instant earlier than the last event. */
export function checkEvent(clock: DossierClock, at: Date): SlaResult<DossierClock> {
  if (clock.finishedAt) return refuse('DOSSIER_FINISHED');
  if (clock.closedAt) return refuse('DOSSIER_CLOSED');
  if (at < clock.lastEventAt) return refuse('TIME_BEFORE_LAST_EVENT');
  return accept(clock);
}

/** Whether the dossier is waiting for a supplement. */
export function isAwaitingSupplement(clock: DossierClock): boolean {
  return clock.supplement !== null && clock.supplement.receivedAt === null && clock.closedAt === null;
}

/** Records the end of processing. Refused while a supplement is pending. */
export function finishDossier(clock: DossierClock, at: Date): SlaResult<DossierClock> {
  const check = checkEvent(clock, at);
  if (!check.ok) return check;
  if (isAwaitingSupplement(clock)) return refuse('SUPPLEMENT_PENDING');
  return accept({ ...clock, finishedAt: at, lastEventAt: at });
}
