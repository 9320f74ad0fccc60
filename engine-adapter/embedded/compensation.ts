/**
 * Compensation as Zeebe 8.8 runs it. When an activity with a compensation boundary event completes, a
 * subscription is kept in the instance document (`doc.compensation`); a completed sub-process (or
 * multi-instance body) that holds such subscriptions gets one too, so that compensation reaches inside
 * it. A compensation throw or end event triggers the subscriptions of its scope (and, inside an event
 * sub-process, those of the scope around it) — all of them, or those of its `activityRef` — activates their
 * handlers at once in its own scope, and completes when every handler has completed. Each completion of an
 * activity is compensated at most once; active or terminated activities are not compensated.
 */
import { behaviors, hooks, type Execution } from './executor.ts';
import { element, type ElementModel, type ProcessModel } from './model.ts';
import type { CompensationSubscription, ElementInstanceState } from './state.ts';

/** The compensation boundary event of an activity, if any. */
function compensationBoundary(model: ProcessModel, el: ElementModel): ElementModel | undefined {
  for (const id of el.boundaries) {
    const b = element(model, id);
    if (b.event?.kind === 'compensation') return b;
  }
  return undefined;
}

function subscribe(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  if (ei.parentKey === null || el.kind === 'process') return;
  const subs = x.doc.compensation;
  const handlerId = ei.mi?.role === 'inner' ? undefined : compensationBoundary(x.model, el)?.compensationHandler;
  // Embedded (and ad-hoc) sub-processes and multi-instance bodies pass compensation on; event sub-processes do not (as Zeebe).
  const scope = el.kind === 'subProcess' || el.kind === 'adHocSubProcess' || ei.mi?.role === 'body';
  const holdsSubscriptions = scope && !!subs?.some((s) => s.scopeKey === ei.key);
  if (!handlerId && !holdsSubscriptions) return;
  (x.doc.compensation ??= []).push({ activityId: el.id, instanceKey: ei.key, scopeKey: ei.parentKey, handlerId });
  prune(x);
}

/**
 * Drops the subscriptions of scopes that were terminated (Zeebe deletes them): a subscription stays while
 * its scope is active, or is a completed sub-process's that itself has a subscription that stays.
 */
function prune(x: Execution): void {
  const subs = x.doc.compensation!;
  const kept = new Set<string>();
  const stays = (s: CompensationSubscription) => x.doc.elements[s.scopeKey] !== undefined || kept.has(s.scopeKey);
  for (let changed = true; changed;) {
    changed = false;
    for (const s of subs) {
      if (kept.has(s.instanceKey) || !stays(s)) continue;
      kept.add(s.instanceKey);
      changed = true;
    }
  }
  if (kept.size < subs.length) x.doc.compensation = subs.filter(stays);
}

/** Records the compensation boundary event as activated and completed, as Zeebe does before the handler. */
function recordBoundary(x: Execution, activityId: string): void {
  const boundary = compensationBoundary(x.model, element(x.model, activityId));
  if (!boundary) return;
  x.ctx.history.push({
    element_instance_key: x.ctx.keys.next(), process_instance_key: x.inst.key, element_id: boundary.id, element_type: boundary.type,
    entered_at: x.ctx.now, left_at: x.ctx.now, state: 'COMPLETED',
  });
}

function trigger(x: Execution, thrown: ElementInstanceState, sub: CompensationSubscription, subs: CompensationSubscription[]): void {
  sub.throwKey = thrown.key;
  if (sub.handlerId) {
    recordBoundary(x, sub.activityId);
    sub.handlerKey = x.activate(sub.handlerId, thrown.parentKey!).key;
  }
  // Compensation reaches inside a completed sub-process: its own compensable activities.
  for (const inner of subs.filter((s) => !s.throwKey && s.scopeKey === sub.instanceKey)) trigger(x, thrown, inner, subs);
}

/** Drops triggered sub-process subscriptions with nothing left inside; completes throw events with nothing left to wait for. */
function settle(x: Execution, throwKeys: Set<string>): void {
  const subs = x.doc.compensation ?? [];
  for (let changed = true; changed;) {
    changed = false;
    for (let i = subs.length - 1; i >= 0; i--) {
      const s = subs[i]!;
      if (s.throwKey && !s.handlerId && !subs.some((o) => o.scopeKey === s.instanceKey)) {
        subs.splice(i, 1);
        changed = true;
      }
    }
  }
  for (const key of throwKeys) {
    if (subs.some((s) => s.throwKey === key)) continue;
    const thrown = x.doc.elements[key];
    if (thrown) x.complete(thrown);
  }
}

/** Behaviour of a compensation intermediate throw or end event. */
function throwCompensation(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const scope = x.doc.elements[ei.parentKey!]!;
  const scopes = [scope.key];
  if (x.el(scope).kind === 'eventSubProcess' && scope.parentKey) scopes.push(scope.parentKey);
  const ref = el.event?.kind === 'compensation' ? el.event.activityRef : undefined;
  const subs = x.doc.compensation ?? [];
  const chosen = subs.filter((s) => !s.throwKey && scopes.includes(s.scopeKey) && (!ref || s.activityId === ref));
  for (const sub of chosen) if (!sub.throwKey) trigger(x, ei, sub, subs);
  settle(x, new Set([ei.key]));
}

/** A handler completed: its subscription is done; the throw event completes once all of its handlers have. */
function handlerCompleted(x: Execution, ei: ElementInstanceState): void {
  const subs = x.doc.compensation ?? [];
  const i = subs.findIndex((s) => s.handlerKey === ei.key);
  if (i < 0) return;
  const [sub] = subs.splice(i, 1);
  settle(x, new Set([sub!.throwKey!]));
}

behaviors.compensationThrow = throwCompensation;

const previous = hooks.completed;
hooks.completed = (x, ei, el) => {
  previous(x, ei, el);
  if (el.forCompensation && ei.mi?.role !== 'inner') handlerCompleted(x, ei);
  subscribe(x, ei, el);
};
