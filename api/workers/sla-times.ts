/**
 * The instants the SLA worker writes into process variables: dossier and step due dates, their
 * "due soon" instants and the supplement deadline. Pure: calendar and time are parameters.
 *
 * Due soon: the policy threshold before the due instant (default 8 working hours), but never
 * before the middle of the working time allowed (a short step or a same-day dossier would
 * otherwise be "due soon" the moment it starts).
 *
 * Dossier due soon is also the prompt for the apology and extension letter (form 04), which
 * Decree 118 Art. 19.6 wants at least one working day before the due date
 * (`extensionRequestDeadline`). So `dossierDueSoon = min(policy due soon, extension request
 * deadline − APOLOGY_NOTICE_HOURS)`, the latter ignored when it falls before the clock starts
 * (limits too short for the notice, e.g. same-day procedures).
 */
import { HOUR_MS, addWorkingMs, dueAt, localDayOf, workingMsBetween, type Calendar, type TimeLimit } from '../domain/calendar/index.ts';
import { extensionRequestDeadline, stepDueAt, type SlaPolicy } from '../domain/sla/index.ts';

/** Working hours between the apology prompt and the last instant to request an extension. */
export const APOLOGY_NOTICE_HOURS = 4;

/** The instant `duration` ms of working time before `t` (the start of office hours when it lands on one). */
export function subtractWorkingMs(calendar: Calendar, t: number, duration: number): number {
  let left = duration;
  const first = localDayOf(t);
  for (let day = first; day > first - 3660; day -= 1) {
    const intervals = [...calendar.intervalsOn(day)].reverse();
    for (const [s, e] of intervals) {
      if (s >= t) continue;
      const end = Math.min(e, t);
      if (left <= end - s) return end - left;
      left -= end - s;
    }
  }
  throw new RangeError('No working time within 10 years');
}

/** The policy's due-soon instant of something started at `start` and due at `due`. */
export function dueSoonAt(calendar: Calendar, start: Date, due: Date, policy: SlaPolicy): Date {
  const allowed = Math.max(0, workingMsBetween(calendar, start.getTime(), due.getTime()));
  const threshold = policy.dueSoon.kind === 'workingHours' ? policy.dueSoon.hours * HOUR_MS : policy.dueSoon.fraction * allowed;
  const before = Math.min(threshold, allowed / 2);
  return new Date(subtractWorkingMs(calendar, due.getTime(), before));
}

/** Parses a `timeLimit` header: `sameDay`, `workingDays:N`, `workingHours:N`. */
export function parseTimeLimit(header: string | undefined): TimeLimit {
  if (header === 'sameDay') return { kind: 'sameDay' };
  const [kind, n] = (header ?? '').split(':');
  const value = Number(n);
  if (kind === 'workingDays' && Number.isInteger(value) && value > 0) return { kind: 'workingDays', days: value };
  if (kind === 'workingHours' && value > 0) return { kind: 'workingHours', hours: value };
  throw new Error(`Invalid timeLimit header '${header ?? ''}'`);
}

/** Dossier clock instants computed by `sla-start`. */
export interface DossierTimes {
  due: Date;
  dueSoon: Date;
}

/** The due-soon instant (apology prompt included, see above) of a dossier whose clock started at `start` and is due at `due`. */
export function dossierDueSoonAt(calendar: Calendar, start: Date, due: Date, policy: SlaPolicy): Date {
  const soon = dueSoonAt(calendar, start, due, policy);
  const prompt = subtractWorkingMs(calendar, extensionRequestDeadline(calendar, due, policy).getTime(), APOLOGY_NOTICE_HOURS * HOUR_MS);
  const usable = prompt > start.getTime();
  return new Date(usable ? Math.min(prompt, soon.getTime()) : soon.getTime());
}

/** Due and due-soon (apology prompt included, see above) of a dossier whose clock starts at `start`. */
export function dossierTimes(calendar: Calendar, start: Date, limit: TimeLimit, policy: SlaPolicy): DossierTimes {
  const due = dueAt(calendar, start, limit);
  return { due, dueSoon: dossierDueSoonAt(calendar, start, due, policy) };
}

/** Due and due-soon of a step of `hours` working hours started at `start`. */
export function stepTimes(calendar: Calendar, start: Date, hours: number, policy: SlaPolicy): DossierTimes {
  const due = stepDueAt(calendar, start, hours);
  return { due, dueSoon: dueSoonAt(calendar, start, due, policy) };
}

/** `hours` of working time after `t` (a deferred escalation). */
export function afterWorkingHours(calendar: Calendar, t: Date, hours: number): Date {
  return new Date(addWorkingMs(calendar, t.getTime(), Math.round(hours * HOUR_MS)));
}
