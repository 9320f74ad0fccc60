/**
 * Same-day procedures (Decree 118/2025: "giải quyết ngay trong ngày"): the internal allocations of
 * their steps must fit inside one office day, or the steps' deadlines fall after the dossier's own.
 * A province's internal process may allot more (e.g. 1 + 3 + 2 + 2 = 8 working hours against a
 * 07:30–11:30 / 13:30–17:00 day of 7.5 hours): each step's allocation is then scaled by
 * `officeDay / total`, rounded down to the minute, so that together they fit.
 *
 * Which steps belong to the same-day path is read from the process: the `sla-step` jobs reachable from
 * its start without passing an `sla-start` whose `timeLimit` is not `sameDay` (a verification branch
 * that switches to a limit in working days keeps its own allocations).
 */
import type { Calendar } from '../calendar/index.ts';

const HOUR_MS = 3_600_000;
const MINUTE_HOURS = 1 / 60;

/** Working hours of one office day: the local day's intervals (0 for a day off). */
export function officeDayHours(calendar: Calendar, day: number): number {
  return calendar.intervalsOn(day).reduce((sum, [s, e]) => sum + (e - s), 0) / HOUR_MS;
}

/**
 * A step's allocation on a same-day path: unchanged when the path's `totalHours` fit in `dayHours`,
 * else scaled by `dayHours / totalHours` and rounded down to the minute (never below one minute).
 */
export function fitToOfficeDay(stepHours: number, totalHours: number, dayHours: number): number {
  if (!(totalHours > dayHours) || !(dayHours > 0)) return stepHours;
  const scaled = (stepHours * dayHours) / totalHours;
  return Math.max(MINUTE_HOURS, Math.floor(scaled * 60 + 1e-9) / 60);
}

/** A node of a process graph, as much as this module needs. */
export interface SlaGraphNode {
  id: string;
  /** The job type of a service task (`sla-step`, `sla-start`, …). */
  jobType?: string;
  headers: Record<string, string>;
  /** Ids of the nodes the node's sequence flows lead to. */
  next: string[];
}

/** The same-day path of a process: its `sla-step` nodes and their total allocation; null if not a same-day process. */
export interface SameDayPath {
  steps: Map<string, number>;
  totalHours: number;
}

/** The same-day path of a process graph walked from `startIds` (see the module comment). */
export function sameDayPath(nodes: ReadonlyMap<string, SlaGraphNode>, startIds: readonly string[]): SameDayPath | null {
  const seen = new Set<string>();
  const queue = [...startIds];
  const steps = new Map<string, number>();
  let sameDay = false;
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = nodes.get(id);
    if (!node) continue;
    if (node.jobType === 'sla-start') {
      if (node.headers.timeLimit !== 'sameDay') continue;
      sameDay = true;
    }
    if (node.jobType === 'sla-step') {
      const hours = Number(node.headers.slaHours);
      if (hours > 0) steps.set(id, hours);
    }
    queue.push(...node.next);
  }
  if (!sameDay) return null;
  return { steps, totalHours: [...steps.values()].reduce((a, b) => a + b, 0) };
}
