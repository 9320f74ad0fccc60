/** Timers, message subscriptions, boundary events, event sub-processes and BPMN errors. */
import type { Variables } from '../workflow-engine.ts';
import { addDuration, parseCycle, parseDate, requireDuration, type Duration } from './duration.ts';
import { evalExpr, evalString, ExpressionError } from './feel.ts';
import { hooks, type Execution } from './executor.ts';
import { element, type ElementModel, type TimerDef } from './model.ts';
import type { ElementInstanceState, TimerRow } from './state.ts';
import { openSignalSubscription } from './signals.ts';
import { recordTakenFlows } from './taken-flows.ts';

/** When a timer fires first, how often it repeats after that, and at which interval. */
export interface TimerSchedule {
  dueAt: Date;
  repetitions: number;
  interval: string | null;
}

function isoDuration(d: Duration): string {
  return `P${d.years}Y${d.months}M${d.days}DT${d.ms / 1000}S`;
}

/** Computes a timer's schedule from its definition. */
export function timerSchedule(timer: TimerDef, variables: Variables, now: Date): TimerSchedule {
  const value = evalExpr(timer.expr, variables);
  if (typeof value !== 'string') throw new ExpressionError(`Expected timer '${timer.expr.src}' to be a string, but was '${value === null ? 'NULL' : typeof value}'`);
  if (timer.type === 'date') return { dueAt: parseDate(value), repetitions: 0, interval: null };
  if (timer.type === 'duration') return { dueAt: addDuration(now, requireDuration(value)), repetitions: 0, interval: null };
  const cycle = parseCycle(value);
  const first = cycle.start ?? addDuration(now, cycle.interval);
  return { dueAt: first, repetitions: cycle.repetitions < 0 ? -1 : cycle.repetitions - 1, interval: isoDuration(cycle.interval) };
}

/** The next occurrence of a repeating timer, or undefined when it is exhausted. */
export function nextTimer(row: TimerRow, key: string): TimerRow | undefined {
  if (row.repetitions === 0 || !row.interval) return undefined;
  const dueAt = addDuration(new Date(row.due_at), requireDuration(row.interval));
  return { ...row, key, due_at: dueAt, repetitions: row.repetitions < 0 ? -1 : row.repetitions - 1 };
}

/** Schedules a timer of `eventEl` owned by `owner`. */
export function openTimer(x: Execution, owner: ElementInstanceState, eventEl: ElementModel): void {
  if (eventEl.event?.kind !== 'timer') return;
  const s = timerSchedule(eventEl.event.timer, x.vars(owner.key), x.ctx.now);
  x.ctx.timers.push({
    key: x.ctx.keys.next(), due_at: s.dueAt, process_instance_key: x.inst.key, element_instance_key: owner.key, element_id: eventEl.id,
    process_definition_key: x.inst.def.key, repetitions: s.repetitions, interval: s.interval,
  });
  owner.own = { ...owner.own, timers: true };
}

/** Opens a message subscription of `eventEl` owned by `owner`. */
export function openSubscription(x: Execution, owner: ElementInstanceState, eventEl: ElementModel): void {
  if (eventEl.event?.kind !== 'message') return;
  const context = x.vars(owner.key);
  const row = {
    key: x.ctx.keys.next(), message_name: evalString(eventEl.event.name, context, 'message name'),
    correlation_key: evalString(eventEl.event.correlationKey!, context, 'correlation key'), process_instance_key: x.inst.key,
    element_instance_key: owner.key, element_id: eventEl.id, process_definition_key: x.inst.def.key,
  };
  x.ctx.subs.push(row);
  x.ctx.openedSubs.push(row);
  owner.own = { ...owner.own, subs: true };
}

hooks.openBoundaries = (x, ei, el) => {
  for (const id of el.boundaries) {
    const b = element(x.model, id);
    if (b.event?.kind === 'timer') openTimer(x, ei, b);
    if (b.event?.kind === 'message') openSubscription(x, ei, b);
    openSignalSubscription(x, ei, b);
  }
};

/**
 * A timer fired or a message correlated on `eventId`, owned by element instance `ownerKey`.
 * Returns false when the owner is gone (a stale trigger).
 */
export function triggerEvent(x: Execution, ownerKey: string, eventId: string, variables: Variables): boolean {
  const owner = x.doc.elements[ownerKey];
  if (!owner || owner.terminating) return false;
  const ev = element(x.model, eventId);
  if (ev.kind === 'boundaryEvent') {
    // Interrupting: the boundary event is activated once its activity is terminated (after `canceling` listeners).
    if (ev.interrupting) x.terminate(owner, { activate: ev.id, scopeKey: owner.parentKey!, trigger: variables });
    else x.activate(ev.id, owner.parentKey!, { trigger: variables });
  } else if (ev.kind === 'startEvent') {
    startEventSubProcess(x, owner, element(x.model, ev.scopeId!), ev.interrupting, variables);
  } else if (owner.elementId !== eventId) {
    x.leave(owner, 'COMPLETED');
    // An event-based gateway's token goes down the flow to the event that occurred.
    recordTakenFlows(x.doc, ev.incoming.filter((f) => x.model.flows.get(f)?.sourceId === owner.elementId));
    x.activate(ev.id, owner.parentKey!, { trigger: variables });
  } else {
    x.completeWith(owner, variables);
  }
  return true;
}

function startEventSubProcess(x: Execution, scope: ElementInstanceState, esp: ElementModel, interrupting: boolean, variables: Variables): void {
  if (interrupting) {
    x.terminateChildren(scope.key);
    if (scope.own?.timers) x.ctx.cleanup.timers.add(scope.key);
    if (scope.own?.subs) x.ctx.cleanup.subs.add(scope.key);
    scope.own = { ...scope.own, timers: false, subs: false };
  }
  x.activate(esp.id, scope.key, { trigger: variables });
}

function matches(code: string | undefined, thrown: string): boolean {
  return code === undefined || code === thrown;
}

function catchAt(x: Execution, ei: ElementInstanceState, code: string): (() => void) | undefined {
  const el = x.el(ei);
  if (ei.mi?.role !== 'inner') {
    const boundaries = el.boundaries.map((id) => element(x.model, id)).filter((b) => b.event?.kind === 'error' && matches(b.event.code, code));
    const b = boundaries.find((c) => c.event?.kind === 'error' && c.event.code === code) ?? boundaries[0];
    if (b) return () => x.terminate(ei, { activate: b.id, scopeKey: ei.parentKey!, trigger: {} });
  }
  const esps = el.eventSubProcesses.map((id) => element(x.model, id)).filter((esp) => {
    const start = element(x.model, esp.startEvent!);
    return start.event?.kind === 'error' && matches(start.event.code, code);
  });
  if (esps.length) return () => startEventSubProcess(x, ei, esps[0]!, true, {});
  return undefined;
}

/** Throws a BPMN error from an element instance: caught by the nearest boundary or event sub-process. */
export function throwError(x: Execution, from: ElementInstanceState, code: string, message: string): void {
  for (let ei: ElementInstanceState | undefined = from; ei; ei = ei.parentKey ? x.doc.elements[ei.parentKey] : undefined) {
    if (ei !== from && x.el(ei).kind === 'eventSubProcess') continue;
    const handler = catchAt(x, ei, code);
    if (handler) return handler();
  }
  const { parentInstanceKey, parentElementInstanceKey } = x.inst;
  if (parentInstanceKey && parentElementInstanceKey) {
    x.ctx.pending.push({ kind: 'childError', parentKey: parentInstanceKey, elementInstanceKey: parentElementInstanceKey, code, message });
    return;
  }
  x.raiseIncident(from, 'UNHANDLED_ERROR_EVENT', `Expected to throw an error event with the code '${code}', but it was not caught. ${message}`.trim(), 'behavior');
}
