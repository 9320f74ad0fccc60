/**
 * Extension of a late dossier (Decree 118/2025 Art. 19.6): at most once
 * (`EXTENSION_ALREADY_GRANTED`), requested at least 1 working day before the due date —
 * i.e. no later than the close of office hours of the working day before the due day
 * (`EXTENSION_TOO_LATE`) — with the apology letter (form 04) stating the reason.
 */
import { localDayOf, officeCloseMs, workingDayBefore, type Calendar } from '../calendar/index.ts';
import { checkEvent, isAwaitingSupplement, type ApologyLetter, type DossierClock } from './clock.ts';
import { accept, refuse, type SlaResult } from './errors.ts';
import type { SlaPolicy } from './policy.ts';

/** The last instant to request an extension of a dossier due at `due`. */
export function extensionRequestDeadline(calendar: Calendar, due: Date, policy: SlaPolicy): Date {
  let day = localDayOf(due.getTime());
  for (let i = 0; i < policy.extensionNoticeWorkingDays; i += 1) day = workingDayBefore(calendar, day);
  return new Date(officeCloseMs(calendar, day));
}

/** What the agency asks for. */
export interface ExtensionRequest {
  at: Date;
  /** The proposed new due date (on form 04). */
  newDueAt: Date;
  apology: ApologyLetter;
}

/** Grants the extension: the due date in force becomes `newDueAt`. */
export function grantExtension(calendar: Calendar, clock: DossierClock, request: ExtensionRequest, policy: SlaPolicy): SlaResult<DossierClock> {
  const check = checkEvent(clock, request.at);
  if (!check.ok) return check;
  if (isAwaitingSupplement(clock) || clock.dueAt === null) return refuse('SUPPLEMENT_PENDING');
  if (clock.extension) return refuse('EXTENSION_ALREADY_GRANTED');
  if (!request.apology?.reasonVi?.trim()) return refuse('EXTENSION_APOLOGY_REQUIRED');
  if (request.newDueAt <= clock.dueAt) return refuse('EXTENSION_NOT_LATER');
  if (request.at > extensionRequestDeadline(calendar, clock.dueAt, policy)) return refuse('EXTENSION_TOO_LATE');
  return accept({
    ...clock,
    extension: { requestedAt: request.at, previousDueAt: clock.dueAt, newDueAt: request.newDueAt, apology: request.apology },
    dueAt: request.newDueAt,
    lastEventAt: request.at,
  });
}
