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
import { HOUR_MS, addWorkingMs, dueAt, localDayOf, nextWorkingInstant, workingMsBetween, type Calendar, type TimeLimit } from '../domain/calendar/index.ts';
import {
  extensionRequestDeadline, fitToOfficeDay, officeDayHours, sameDayPath, stepDueAt, type SameDayPath, type SlaGraphNode, type SlaPolicy,
} from '../domain/sla/index.ts';
import { parseBpmn } from '../../engine-adapter/embedded/index.ts';

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

/**
 * The same-day path of a process (`api/domain/sla/same-day.ts`) read from its BPMN: null when the
 * process is not a same-day one (or has no process `bpmnProcessId`). A diagram of the old shape says so with
 * its `sla-start` headers; a business-level one does not, and `options.sameDay` (the catalogue's limit) decides.
 */
export async function processSameDayPath(xml: string, bpmnProcessId: string, options: { sameDay?: boolean } = {}): Promise<SameDayPath | null> {
  const model = (await parseBpmn(xml)).find((p) => p.bpmnProcessId === bpmnProcessId);
  if (!model) return null;
  const nodes = new Map<string, SlaGraphNode>();
  for (const el of model.elements.values()) {
    nodes.set(el.id, {
      id: el.id, jobType: el.job && !el.job.type.feel ? el.job.type.src : undefined, headers: el.headers,
      // A sub-process leads into its own start event, and on along its outgoing flows.
      next: [...(el.startEvent && el.id !== model.bpmnProcessId ? [el.startEvent] : []), ...el.outgoing.map((f) => model.flows.get(f)?.targetId).filter((x): x is string => !!x)],
    });
  }
  if (![...model.elements.values()].some((e) => e.job && !e.job.type.feel && e.job.type.src === 'sla-start')) {
    // A business-level diagram (processes/README.md): the limit is the procedure's (`options.sameDay`, from the
    // catalogue), the steps are its user tasks. A verification or a handoff runs under a longer limit and keeps
    // its allocation.
    if (!options.sameDay) return null;
    const steps = new Map<string, number>();
    for (const el of model.elements.values()) {
      const hours = Number(el.headers.slaHours);
      if (el.kind !== 'userTask' || !(hours > 0) || el.headers.step === 'verification' || el.headers.step?.startsWith('handoff')) continue;
      steps.set(el.id, hours);
    }
    return steps.size ? { steps, totalHours: [...steps.values()].reduce((a, b) => a + b, 0) } : null;
  }
  const root = model.elements.get(model.bpmnProcessId);
  const starts = root?.startEvent ? [root.startEvent] : [...model.elements.values()].filter((e) => e.kind === 'startEvent' && e.scopeId === model.bpmnProcessId).map((e) => e.id);
  return sameDayPath(nodes, starts);
}

/**
 * The allocation of a step started at `start`: its `slaHours`, scaled to fit the office day of its
 * start when it is on the same-day path of its process and the path's steps add up to more.
 */
export function sameDayStepHours(calendar: Calendar, start: Date, elementId: string, hours: number, path: SameDayPath | null): number {
  if (!path?.steps.has(elementId)) return hours;
  const day = localDayOf(nextWorkingInstant(calendar, start).getTime());
  return fitToOfficeDay(hours, path.totalHours, officeDayHours(calendar, day));
}
