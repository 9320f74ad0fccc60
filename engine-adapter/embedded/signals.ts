/**
 * Signals, as Camunda 8.8 runs them: a broadcast triggers every open signal subscription of that name —
 * intermediate catch events, boundary events (interrupting or not), event sub-process starts — and
 * starts one instance of every latest process definition with a signal start event of that name.
 * Signal throw and end events broadcast with their local variables (input mappings); a signal nobody
 * waits for does nothing. Subscriptions are rows of `engine_signal_subscription`, owned by their
 * element instance (removed with it, as message subscriptions are).
 */
import { InvalidArgumentError } from '../errors.ts';
import type { BroadcastSignalResult, Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { triggerEvent } from './events.ts';
import { evalString } from './feel.ts';
import type { Execution } from './executor.ts';
import type { ElementModel, ProcessDefinition } from './model.ts';
import type { ElementInstanceState } from './state.ts';
import type { StepContext } from './step-context.ts';
import { assertVariables } from './variables.ts';

/** Row of `engine_signal_subscription` (a start event's has no instance). */
export interface SignalSubscriptionRow {
  key: string; signal_name: string; process_instance_key: string | null; element_instance_key: string | null;
  element_id: string; process_definition_key: string; bpmn_process_id: string;
}

/** The only tenant of the embedded engine. */
const DEFAULT_TENANT = '<default>';

/** Opens the signal subscription of `eventEl` (a catch, boundary or event sub-process start event) owned by `owner`. */
export function openSignalSubscription(x: Execution, owner: ElementInstanceState, eventEl: ElementModel): void {
  if (eventEl.event?.kind !== 'signal') return;
  const name = evalString(eventEl.event.name, x.vars(owner.key), 'signal name');
  x.ctx.signalSubs.push({
    key: x.ctx.keys.next(), signal_name: name, process_instance_key: x.inst.key, element_instance_key: owner.key,
    element_id: eventEl.id, process_definition_key: x.inst.def.key, bpmn_process_id: x.inst.def.bpmnProcessId,
  });
  owner.own = { ...owner.own, subs: true };
}

/** A signal throw or end event: broadcasts its local variables (after this step's tokens moved), then completes. */
export function throwSignal(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  if (el.event?.kind !== 'signal') return;
  const name = evalString(el.event.name, x.vars(ei.key), 'signal name');
  const variables = { ...x.doc.vars[ei.key] };
  x.ctx.pending.push({ kind: 'async', run: (core, ctx) => broadcastInStep(core, ctx, name, variables) });
  x.complete(ei);
}

function asRow(r: Record<string, any>): SignalSubscriptionRow {
  const k = (v: unknown) => (v == null ? null : String(v));
  return {
    key: String(r.key), signal_name: r.signal_name, process_instance_key: k(r.process_instance_key), element_instance_key: k(r.element_instance_key),
    element_id: r.element_id, process_definition_key: String(r.process_definition_key), bpmn_process_id: r.bpmn_process_id,
  };
}

/** Triggers every subscription of a signal name within the caller's step: stored ones and those opened in this step. */
export async function broadcastInStep(core: EngineCore, ctx: StepContext, name: string, variables: Variables): Promise<void> {
  const stored = (await ctx.tx.selectFrom('engine_signal_subscription').selectAll().where('signal_name', '=', name).orderBy('key').execute()).map(asRow);
  const fresh = ctx.signalSubs.filter((r) => r.signal_name === name && !ctx.cleanup.subs.has(r.element_instance_key ?? ''));
  const seen = new Set<string>();
  for (const sub of [...stored, ...fresh]) {
    if (seen.has(sub.key)) continue;
    seen.add(sub.key);
    if (sub.process_instance_key === null) {
      const def = await core.defs.byKey(ctx.tx, sub.process_definition_key);
      core.createInstance(ctx, def, { ...variables }, sub.element_id);
      continue;
    }
    const inst = await core.instance(ctx, sub.process_instance_key);
    if (inst.state !== 'ACTIVE') continue;
    triggerEvent(core.exec(ctx, inst), sub.element_instance_key!, sub.element_id, { ...variables });
  }
}

/** Broadcasts a signal (see {@link WorkflowEngine.broadcastSignal}). */
export async function broadcastSignal(core: EngineCore, signalName: string, variables?: Variables, tenantId?: string): Promise<BroadcastSignalResult> {
  const vars = assertVariables(variables);
  if (typeof signalName !== 'string' || !signalName) throw new InvalidArgumentError('signal name is required');
  if (tenantId !== undefined && tenantId !== DEFAULT_TENANT) {
    throw new InvalidArgumentError(`Expected to broadcast a signal for tenant '${tenantId}', but the embedded engine has only the tenant '${DEFAULT_TENANT}'`);
  }
  return core.step(async (ctx) => {
    const signalKey = ctx.keys.next();
    await broadcastInStep(core, ctx, signalName, vars);
    return { signalKey, tenantId: DEFAULT_TENANT };
  });
}

/**
 * Signal start events at deployment: only the latest version of a process listens, so the start
 * subscriptions of its older versions go (also when the new version has none).
 */
export async function openSignalStartEvents(ctx: StepContext, def: ProcessDefinition): Promise<void> {
  const older = ctx.tx.selectFrom('engine_process_definition').select('key').where('bpmn_process_id', '=', def.bpmnProcessId).where('key', '<>', def.key);
  await ctx.tx.deleteFrom('engine_signal_subscription').where('process_instance_key', 'is', null).where('process_definition_key', 'in', older).execute();
  for (const el of def.model.elements.values()) {
    if (el.kind !== 'startEvent' || el.event?.kind !== 'signal' || def.model.elements.get(el.scopeId!)?.kind !== 'process') continue;
    ctx.signalSubs.push({
      key: ctx.keys.next(), signal_name: evalString(el.event.name, {}, 'signal name'), process_instance_key: null, element_instance_key: null,
      element_id: el.id, process_definition_key: def.key, bpmn_process_id: def.bpmnProcessId,
    });
  }
}
