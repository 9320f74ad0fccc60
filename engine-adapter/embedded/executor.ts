/**
 * The token executor of one instance within a step: activates, completes and terminates element
 * instances, follows sequence flows, and completes scopes. Element behaviour is in `behaviors.ts`,
 * events in `events.ts`, multi-instance in `multi-instance.ts`.
 */
import type { Variables } from '../workflow-engine.ts';
import { evalExpr, evalMapping, ExpressionError } from './feel.ts';
import { element, type ElementModel, type ProcessModel } from './model.ts';
import type { AfterTermination, ElementInstanceState, InstanceDoc, MultiInstanceState, RetryPhase } from './state.ts';
import type { LoadedInstance, StepContext } from './step-context.ts';
import { recordTakenFlows } from './taken-flows.ts';
import { setLocal, setPropagating, visibleVariables } from './variables.ts';

/** Behaviour of an element kind on entering (after input mappings and boundary events). */
export type Behavior = (x: Execution, ei: ElementInstanceState, el: ElementModel, trigger?: Variables) => void;

/** Set by `behaviors.ts` (avoids an import cycle). */
export const behaviors: Partial<Record<ElementModel['kind'], Behavior>> = {};

/** Hooks set by the other executor modules. */
export const hooks = {
  openBoundaries: (_x: Execution, _ei: ElementInstanceState, _el: ElementModel): void => undefined,
  startMultiInstance: (_x: Execution, _body: ElementInstanceState, _el: ElementModel): void => undefined,
  innerCompleted: (_x: Execution, _inner: ElementInstanceState, _el: ElementModel): void => undefined,
  tryJoin: (_x: Execution, _gw: ElementModel, _scopeKey: string): void => undefined,
  /** Before an element instance leaves as completed (may throw an ExpressionError: an incident, retried by `complete`). */
  beforeLeave: (_x: Execution, _ei: ElementInstanceState, _el: ElementModel): void => undefined,
  /** After an element instance left as completed, before its outgoing flows are taken. */
  completed: (_x: Execution, _ei: ElementInstanceState, _el: ElementModel): void => undefined,
  /** True when the element instance waits on its start execution listeners (execution-listeners.ts). */
  startListeners: (_x: Execution, _ei: ElementInstanceState, _el: ElementModel, _trigger?: Variables): boolean => false,
  /** True when the completed element instance waits on its end execution listeners (execution-listeners.ts). */
  endListeners: (_x: Execution, _ei: ElementInstanceState, _el: ElementModel): boolean => false,
  /** True when the created process instance waits on the process's start execution listeners. */
  processStart: (_x: Execution, _root: ElementInstanceState, _startEventId: string): boolean => false,
  /** True when a scope without tokens must stay active (an ad-hoc sub-process whose completion condition is false). */
  holdScope: (_x: Execution, _scope: ElementInstanceState): boolean => false,
  /** True when a terminated element instance must wait (its `canceling` task listeners run; canceling-listeners.ts). */
  holdTermination: (_x: Execution, _ei: ElementInstanceState, _then?: AfterTermination): boolean => false,
};

/** Executes tokens of one loaded instance. */
export class Execution {
  constructor(readonly ctx: StepContext, readonly inst: LoadedInstance) {}

  get doc(): InstanceDoc { return this.inst.doc; }
  get model(): ProcessModel { return this.inst.def.model; }
  el(ei: ElementInstanceState): ElementModel { return element(this.model, ei.elementId); }
  alive(ei: ElementInstanceState): boolean { return this.doc.elements[ei.key] === ei; }
  vars(scopeKey: string): Variables { return visibleVariables(this.doc, scopeKey); }

  /** Creates an element instance now; its behaviour runs from the agenda. */
  activate(elementId: string, scopeKey: string, opts: { trigger?: Variables; mi?: MultiInstanceState } = {}): ElementInstanceState {
    const el = element(this.model, elementId);
    const ei: ElementInstanceState = { key: this.ctx.keys.next(), elementId, elementType: el.mi && !opts.mi ? 'bpmn:MultiInstanceBody' : el.type, parentKey: scopeKey, enteredAt: this.ctx.now.toISOString() };
    if (opts.mi) ei.mi = opts.mi;
    this.doc.elements[ei.key] = ei;
    this.ctx.later(() => this.enter(ei, opts.trigger));
    return ei;
  }

  /** Runs the element's behaviour (again, after an incident is resolved). */
  enter(ei: ElementInstanceState, trigger?: Variables): void {
    if (!this.alive(ei)) return;
    const el = this.el(ei);
    this.guarded(ei, 'behavior', () => {
      if (el.mi && !ei.mi) return hooks.startMultiInstance(this, ei, el);
      this.applyInputs(ei, el);
      if (trigger && el.kind !== 'eventSubProcess') return this.completeWith(ei, trigger);
      if (hooks.startListeners(this, ei, el, trigger)) return;
      this.behave(ei, el, trigger);
    });
  }

  /** Opens the boundary events and runs the element's behaviour (after its start execution listeners). */
  behave(ei: ElementInstanceState, el: ElementModel, trigger?: Variables): void {
    if (el.boundaries.length && !ei.mi) hooks.openBoundaries(this, ei, el);
    const behavior = behaviors[el.kind];
    if (!behavior) throw new Error(`No behaviour for ${el.kind}`);
    behavior(this, ei, el, trigger);
  }

  /** Runs `fn`; an expression failure raises an incident on the element instance. */
  guarded(ei: ElementInstanceState, phase: RetryPhase, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      const type = (err as { errorType?: string }).errorType ?? (/BOOLEAN/.test(err.message) || this.el(ei).kind.endsWith('Gateway') ? 'CONDITION_ERROR' : 'EXTRACT_VALUE_ERROR');
      this.raiseIncident(ei, type, err.message, phase);
    }
  }

  /** Opens an incident on an element instance. */
  raiseIncident(ei: ElementInstanceState, errorType: string, message: string, phase: RetryPhase, jobKey: string | null = null): void {
    const key = this.ctx.keys.next();
    ei.incident = key;
    ei.retry = phase;
    const { def } = this.inst;
    this.ctx.incidents.push({
      key, process_instance_key: this.inst.key, process_definition_key: def.key, bpmn_process_id: def.bpmnProcessId, element_id: ei.elementId,
      element_instance_key: ei.key, error_type: errorType, error_message: message, job_key: jobKey, created_at: this.ctx.now,
    });
  }

  applyInputs(ei: ElementInstanceState, el: ElementModel): void {
    if (!el.inputs.length) return;
    // An inner multi-instance's mappings read its own inputElement and loopCounter.
    const context = this.vars(ei.mi?.role === 'inner' ? ei.key : (ei.parentKey ?? ei.key));
    const local: Variables = {};
    for (const m of el.inputs) local[m.target] = evalMapping(m.source, { ...context, ...local });
    setLocal(this.doc, ei.key, local);
  }

  /** Merges result variables (job, message, user task) into the element, then completes it. */
  completeWith(ei: ElementInstanceState, variables: Variables, local = false): void {
    const el = this.el(ei);
    if (local || el.outputs.length) setLocal(this.doc, ei.key, variables);
    else setPropagating(this.doc, ei.key, variables);
    this.complete(ei);
  }

  /** Applies output mappings, leaves the element and takes its outgoing flows. */
  complete(ei: ElementInstanceState): void {
    if (!this.alive(ei)) return;
    const el = this.el(ei);
    let done = false;
    this.guarded(ei, 'complete', () => {
      this.applyOutputs(ei, el);
      hooks.beforeLeave(this, ei, el);
      done = true;
    });
    if (!done) return;
    if (hooks.endListeners(this, ei, el)) return;
    this.finish(ei, el);
  }

  /** Leaves a completed element instance and takes its outgoing flows (after its end execution listeners). */
  finish(ei: ElementInstanceState, el: ElementModel): void {
    this.leave(ei, 'COMPLETED');
    hooks.completed(this, ei, el);
    if (ei.mi?.role === 'inner') return hooks.innerCompleted(this, ei, el);
    if (el.kind === 'process') return;
    this.takeFlows(el.outgoing, ei.parentKey!);
    if (el.outgoing.length === 0) this.scopeMaybeComplete(ei.parentKey!);
  }

  applyOutputs(ei: ElementInstanceState, el: ElementModel): void {
    if (ei.mi?.role === 'inner' && el.mi?.outputElement && el.mi.outputCollection) {
      const body = this.doc.elements[ei.parentKey!]!;
      const list = this.doc.vars[body.key]?.[el.mi.outputCollection] as unknown[];
      list[ei.mi.loopCounter! - 1] = evalExpr(el.mi.outputElement, this.vars(ei.key));
    }
    if (ei.mi?.role === 'body' && el.mi?.outputCollection) {
      setPropagating(this.doc, ei.parentKey!, { [el.mi.outputCollection]: this.doc.vars[ei.key]?.[el.mi.outputCollection] });
    }
    if (!el.outputs.length || ei.mi?.role === 'body' || el.kind === 'process') return;
    const context = this.vars(ei.key);
    const results: Variables = {};
    for (const m of el.outputs) results[m.target] = evalMapping(m.source, context);
    setPropagating(this.doc, ei.parentKey!, results);
  }

  /** Removes an element instance (and what it owns), recording it in the history. */
  leave(ei: ElementInstanceState, state: 'COMPLETED' | 'TERMINATED'): void {
    delete this.doc.elements[ei.key];
    if (ei.parentKey !== null) delete this.doc.vars[ei.key];
    const { cleanup } = this.ctx;
    if (ei.own?.job) cleanup.jobs.add(ei.key);
    if (ei.own?.timers) cleanup.timers.add(ei.key);
    if (ei.own?.subs) cleanup.subs.add(ei.key);
    if (ei.own?.userTask) cleanup.userTasks.add(ei.key);
    if (ei.incident) cleanup.incidents.add(ei.key);
    if (ei.own?.child && state === 'TERMINATED') this.ctx.pending.push({ kind: 'cancel', instanceKey: ei.own.child });
    this.ctx.history.push({
      element_instance_key: ei.key, process_instance_key: this.inst.key, element_id: ei.elementId, element_type: ei.elementType,
      entered_at: new Date(ei.enteredAt), left_at: this.ctx.now, state,
    });
    if (ei.parentKey && this.hasJoins(ei.parentKey)) this.ctx.later(() => this.retryJoins(ei.parentKey!));
  }

  /** Terminates an element instance and everything inside it; `then` runs once it is terminated (at once, or after `canceling` listeners). */
  terminate(ei: ElementInstanceState, then?: AfterTermination): void {
    if (ei.terminating) return;
    this.terminateChildren(ei.key);
    if (hooks.holdTermination(this, ei, then)) return;
    this.leave(ei, 'TERMINATED');
    if (then) this.afterTermination(then);
  }

  /** What follows a finished termination: the instance is canceled, or an interrupting boundary event activated. */
  afterTermination(then: AfterTermination): void {
    if ('cancel' in then) {
      this.inst.state = 'CANCELED';
      this.inst.endedAt = this.ctx.now;
    } else if (this.doc.elements[then.scopeKey]) {
      this.activate(then.activate, then.scopeKey, { trigger: then.trigger });
    }
  }

  terminateChildren(scopeKey: string, except?: string): void {
    for (const child of this.children(scopeKey)) if (child.key !== except) this.terminate(child);
    for (const k of Object.keys(this.doc.joins)) if (k.startsWith(`${scopeKey}/`)) delete this.doc.joins[k];
  }

  children(scopeKey: string): ElementInstanceState[] {
    return Object.values(this.doc.elements).filter((e) => e.parentKey === scopeKey);
  }

  /** Sends tokens down sequence flows into `scopeKey`. */
  takeFlows(flowIds: string[], scopeKey: string): void {
    recordTakenFlows(this.doc, flowIds);
    for (const flowId of flowIds) {
      const target = element(this.model, this.model.flows.get(flowId)!.targetId);
      const joining = (target.kind === 'parallelGateway' || target.kind === 'inclusiveGateway') && target.incoming.length > 1;
      if (!joining) {
        this.activate(target.id, scopeKey);
        continue;
      }
      (this.doc.joins[`${scopeKey}/${target.id}`] ??= []).push(flowId);
      this.ctx.later(() => hooks.tryJoin(this, target, scopeKey));
    }
  }

  hasJoins(scopeKey: string): boolean {
    return Object.keys(this.doc.joins).some((k) => k.startsWith(`${scopeKey}/`));
  }

  retryJoins(scopeKey: string): void {
    for (const k of Object.keys(this.doc.joins)) {
      if (k.startsWith(`${scopeKey}/`)) hooks.tryJoin(this, element(this.model, k.slice(scopeKey.length + 1)), scopeKey);
    }
  }

  /** Completes a scope once no token is left in it. */
  scopeMaybeComplete(scopeKey: string): void {
    const scope = this.doc.elements[scopeKey];
    if (!scope || scope.mi?.role === 'body' || scope.incident || scope.terminating) return; // a terminating scope is left as terminated
    if (this.children(scopeKey).length || this.hasJoins(scopeKey)) return;
    if (hooks.holdScope(this, scope)) return;
    if (scope.parentKey === null) return this.completeInstance(scope);
    this.complete(scope);
  }

  completeInstance(root: ElementInstanceState): void {
    if (hooks.endListeners(this, root, this.el(root))) return;
    this.leave(root, 'COMPLETED');
    this.inst.state = 'COMPLETED';
    this.inst.endedAt = this.ctx.now;
    const { parentInstanceKey, parentElementInstanceKey } = this.inst;
    if (parentInstanceKey && parentElementInstanceKey) {
      this.ctx.pending.push({ kind: 'childDone', parentKey: parentInstanceKey, elementInstanceKey: parentElementInstanceKey, variables: this.doc.vars[root.key] ?? {} });
    }
  }

  /** Cancels the whole instance. */
  cancel(): void {
    const root = this.doc.elements[this.inst.key];
    if (root) return this.terminate(root, { cancel: true }); // canceled once terminated (afterTermination)
    this.inst.state = 'CANCELED';
    this.inst.endedAt = this.ctx.now;
  }
}
