/**
 * Escalation events, as Camunda 8.8 runs them. An intermediate throw or end event throws its
 * escalation code (static or FEEL) to the enclosing scopes, nearest first, then through a call
 * activity to the parent process: at each scope, a boundary event of the scope's element or an event
 * sub-process start of the scope with that code is preferred to a catch-all (no code). An interrupting
 * catch terminates its scope (so the throw event never completes); a non-interrupting one lets the
 * throw event complete and take its flows. An escalation nobody catches is no incident: the throw
 * event completes. No variables travel with an escalation (Zeebe's escalation record carries none).
 */
import { ExpressionError, evalString } from './feel.ts';
import type { Execution } from './executor.ts';
import { element, type ElementModel } from './model.ts';
import { triggerEvent } from './events.ts';
import type { ElementInstanceState } from './state.ts';
import type { EngineCore } from './core.ts';
import type { LoadedInstance, StepContext } from './step-context.ts';

/** A catch event found for an escalation: its element and the element instance it belongs to. */
interface Catch {
  owner: ElementInstanceState;
  event: ElementModel;
}

const codeOf = (ev: ElementModel): string | undefined => (ev.event?.kind === 'escalation' ? ev.event.code?.src : undefined);

/** The escalation catch events of one scope: boundary events of its element and its event sub-process starts. */
function catchesAt(x: Execution, ei: ElementInstanceState): ElementModel[] {
  const el = x.el(ei);
  const out: ElementModel[] = [];
  if (ei.mi?.role !== 'inner') out.push(...el.boundaries.map((id) => element(x.model, id)));
  if (ei.mi?.role !== 'body') out.push(...el.eventSubProcesses.map((id) => element(x.model, element(x.model, id).startEvent!)));
  return out.filter((c) => c.event?.kind === 'escalation');
}

/** The nearest catch of `code`, walking up from `start` (inclusive) within one instance. */
function findCatch(x: Execution, start: ElementInstanceState | undefined, code: string): Catch | undefined {
  for (let ei = start; ei; ei = ei.parentKey ? x.doc.elements[ei.parentKey] : undefined) {
    const catches = catchesAt(x, ei);
    const event = catches.find((c) => codeOf(c) === code) ?? catches.find((c) => codeOf(c) === undefined);
    if (event) return { owner: ei, event };
    if (ei.interrupted) return undefined;
  }
  return undefined;
}

/** Triggers the catch; true when it interrupts (the throw event is then terminated with its scope). */
function trigger(x: Execution, found: Catch): boolean {
  triggerEvent(x, found.owner.key, found.event.id, {});
  return found.event.interrupting;
}

/** An escalation throw or end event: throws its code, then completes unless an interrupting catch took it. */
export function throwEscalation(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  if (el.event?.kind !== 'escalation' || !el.event.code) throw new ExpressionError(`Expected an escalation code on '${el.id}'`);
  const code = evalString(el.event.code, x.vars(ei.key), 'escalation code');
  const found = findCatch(x, ei.parentKey ? x.doc.elements[ei.parentKey] : undefined, code);
  if (found) {
    if (!trigger(x, found) && x.alive(ei)) x.complete(ei);
    return;
  }
  const { parentInstanceKey, parentElementInstanceKey } = x.inst;
  if (!parentInstanceKey || !parentElementInstanceKey) return x.complete(ei);
  // Not caught here: the call activity in the parent (and its scopes) may catch it, in this same step.
  const child = x.inst;
  x.ctx.pending.push({ kind: 'async', run: (core, ctx) => escalateToParent(core, ctx, child, ei.key, code) });
}

/** Looks for a catch in the calling instances; completes the throw event unless an interrupting catch took it. */
async function escalateToParent(core: EngineCore, ctx: StepContext, child: LoadedInstance, throwKey: string, code: string): Promise<void> {
  let interrupted = false;
  for (let inst = child; inst.parentInstanceKey && inst.parentElementInstanceKey;) {
    const parent = await core.instance(ctx, inst.parentInstanceKey);
    const callEi = parent.doc.elements[inst.parentElementInstanceKey];
    if (parent.state !== 'ACTIVE' || !callEi) break;
    const px = core.exec(ctx, parent);
    const found = findCatch(px, callEi, code);
    if (found) {
      interrupted = trigger(px, found);
      break;
    }
    inst = parent;
  }
  const x = core.exec(ctx, child);
  const thrower = child.doc.elements[throwKey];
  if (!interrupted && child.state === 'ACTIVE' && thrower) x.complete(thrower);
}
