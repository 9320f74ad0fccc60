/**
 * Which due date judges a dossier after an extension (Decree 118/2025 Art. 19.6).
 *
 * A dossier keeps both dates: `originalDueAt` (the one of form 01) and `dueAt` (the extended one of
 * form 04). An extension asked for in time (at least `extensionNoticeWorkingDays` before the due date)
 * moves the due date: Decree 118 and report II.06a judge against `dueAt`, and Decision 766 counts the
 * added working time as allowed (`decision766Extension`). An extension asked for after that deadline is
 * still recorded with its apology, marked late, but moves nothing for the judging: the dossier is judged
 * against `originalDueAt`, and Decision 766 gets no extension.
 */

/** The due dates a dossier keeps. */
export interface DueDates {
  dueAt: Date | null;
  originalDueAt?: Date | null;
  /** True when the extension came after its notice deadline. */
  extensionLate?: boolean;
}

/** The due date that Decree 118 and report II.06a judge a dossier against. */
export function judgedDueAt(d: DueDates): Date | null {
  return d.originalDueAt && d.extensionLate ? d.originalDueAt : d.dueAt;
}

/** The extension Decision 766 counts (`Decision766Input.extension`): none when never extended or extended late. */
export function decision766Extension(d: DueDates): { previousDueAt: Date; newDueAt: Date } | null {
  return d.originalDueAt && d.dueAt && !d.extensionLate ? { previousDueAt: d.originalDueAt, newDueAt: d.dueAt } : null;
}
