/**
 * The engine core: runs steps (one transaction each, retried on deadlock), loads and locks instances,
 * creates instances, and carries out cross-instance work (call activities, buffered messages).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import type { UserTaskEvent, Variables } from '../workflow-engine.ts';
import './behaviors.ts';
import type { DefinitionStore } from './definitions.ts';
import { triggerEvent, throwError } from './events.ts';
import { Execution, hooks } from './executor.ts';
import './execution-listeners.ts';
import { withFeelClock } from './feel.ts';
import { KeyAllocator, KeysExhausted } from './keys.ts';
import { element, type ProcessDefinition } from './model.ts';
import './joins.ts';
import './multi-instance.ts';
import './compensation.ts';
import './ad-hoc.ts';
import './ad-hoc-jobs.ts';
import './canceling-listeners.ts';
import { StepContext, type CrossOp, type LoadedInstance } from './step-context.ts';
import { flush, fromRow, loadInstanceRow, loadInstanceRows, takeBufferedMessage } from './store.ts';

const RETRYABLE = new Set(['40P01', '40001', '23505']);

/** Shared services of the embedded engine. */
export class EngineCore {
  readonly keys: KeyAllocator;
  readonly listeners = new Set<(event: UserTaskEvent) => void>();
  /** Called after commit with the job types of the jobs a step created (wakes local workers). */
  onJobsCreated: (types: Set<string>) => void = () => undefined;
  /** How long a command waits for the task listeners it started, in ms (transition-outcome.ts). */
  commandTimeout = 15_000;
  /** Whether steps write their user-task events to the durable feed (`engine_user_task_event`, store.ts). */
  durableFeed = true;

  constructor(readonly db: Kysely<any>, readonly clock: Clock, readonly defs: DefinitionStore) {
    this.keys = new KeyAllocator(db);
  }

  /** Runs `fn` and everything it causes as one transaction; emits user-task events after commit. */
  async step<T>(fn: (ctx: StepContext) => Promise<T>): Promise<T> {
    for (let attempt = 0, keysWanted = 1000; ; attempt++) {
      await this.keys.ensure(keysWanted);
      try {
        const { result, events, jobTypes } = await this.db.transaction().execute(async (tx) => {
          const ctx = new StepContext(tx, this.keys, this.clock.now());
          // FEEL's now() / today() read the step's time (feel-builtins/clock.ts).
          return withFeelClock(ctx.now, async () => {
            const value = await fn(ctx);
            await this.settle(ctx);
            await flush(ctx, this.durableFeed);
            return { result: value, events: ctx.events, jobTypes: new Set(ctx.jobs.map((j) => j.type)) };
          });
        });
        this.emit(events);
        if (jobTypes.size) this.onJobsCreated(jobTypes);
        return result;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (err instanceof KeysExhausted) keysWanted *= 4;
        if (attempt < 20 && (err instanceof KeysExhausted || (code && RETRYABLE.has(code)))) continue;
        throw err;
      }
    }
  }

  emit(events: UserTaskEvent[]): void {
    for (const e of events) {
      for (const l of this.listeners) {
        try {
          l(e);
        } catch {
          // A listener's failure must not undo a committed step.
        }
      }
    }
  }

  /** The instance, locked for this step; throws {@link NotFoundError} if unknown. */
  async instance(ctx: StepContext, key: string): Promise<LoadedInstance> {
    const loaded = ctx.instances.get(key);
    if (loaded) return loaded;
    const row = await loadInstanceRow(ctx.tx, key);
    if (!row) throw new NotFoundError('Process instance', key, { processInstanceKey: key });
    const inst = fromRow(row, await this.defs.byKey(ctx.tx, String(row.process_definition_key)));
    ctx.instances.set(key, inst);
    return inst;
  }

  /** Locks and loads several instances with one query (batched steps). */
  async preload(ctx: StepContext, keys: string[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !ctx.instances.has(k));
    for (const row of await loadInstanceRows(ctx.tx, missing)) {
      ctx.instances.set(String(row.key), fromRow(row, await this.defs.byKey(ctx.tx, String(row.process_definition_key))));
    }
  }

  exec(ctx: StepContext, inst: LoadedInstance): Execution {
    return new Execution(ctx, inst);
  }

  /** Creates an instance in this step, starting at `startEventId` (default: the none start event). */
  createInstance(ctx: StepContext, def: ProcessDefinition, variables: Variables, startEventId?: string, parent?: { key: string; elementInstanceKey: string }): LoadedInstance {
    const root = element(def.model, def.bpmnProcessId);
    const start = startEventId ?? root.startEvent;
    if (!start) throw new InvalidStateError(`Process '${def.bpmnProcessId}' has no none start event`, { bpmnProcessId: def.bpmnProcessId });
    const key = this.keys.next();
    const now = ctx.now.toISOString();
    const inst: LoadedInstance = {
      key, def, state: 'ACTIVE', isNew: true, startedAt: ctx.now, endedAt: null, parentInstanceKey: parent?.key ?? null, parentElementInstanceKey: parent?.elementInstanceKey ?? null,
      doc: { elements: { [key]: { key, elementId: def.bpmnProcessId, elementType: 'bpmn:Process', parentKey: null, enteredAt: now } }, vars: { [key]: { ...variables } }, joins: {} },
    };
    ctx.instances.set(key, inst);
    const x = this.exec(ctx, inst);
    const rootInstance = inst.doc.elements[key]!;
    if (hooks.processStart(x, rootInstance, start)) return inst;
    if (start !== root.startEvent) rootInstance.own = { startEvent: start };
    x.guarded(rootInstance, 'behavior', () => x.behave(rootInstance, root));
    return inst;
  }

  /** Drains the agenda, cross-instance work and buffered-message matches until nothing is left. */
  async settle(ctx: StepContext): Promise<void> {
    for (;;) {
      ctx.drain();
      const op = ctx.pending.shift();
      if (op) {
        await this.cross(ctx, op);
        continue;
      }
      const sub = ctx.openedSubs.shift();
      if (!sub) return;
      const inst = ctx.instances.get(sub.process_instance_key!)!;
      if (inst.state !== 'ACTIVE' || !inst.doc.elements[sub.element_instance_key!]) continue;
      const msg = await takeBufferedMessage(ctx, sub.message_name, sub.correlation_key, inst.key);
      if (msg) triggerEvent(this.exec(ctx, inst), sub.element_instance_key!, sub.element_id, typeof msg.variables === 'string' ? JSON.parse(msg.variables) : msg.variables);
    }
  }

  async cross(ctx: StepContext, op: CrossOp): Promise<void> {
    if (op.kind === 'async') return op.run(this, ctx);
    if (op.kind === 'cancel') {
      const child = await this.instance(ctx, op.instanceKey);
      if (child.state === 'ACTIVE') this.exec(ctx, child).cancel();
      return;
    }
    const parent = await this.instance(ctx, op.parentKey);
    const x = this.exec(ctx, parent);
    const ei = parent.doc.elements[op.elementInstanceKey];
    if (!ei || parent.state !== 'ACTIVE') return;
    if (op.kind === 'call') {
      const def = await this.defs.find(ctx.tx, op.processId);
      if (!def) return x.raiseIncident(ei, 'CALLED_ELEMENT_ERROR', `Expected process with BPMN process id '${op.processId}' to be deployed, but not found.`, 'behavior');
      const child = this.createInstance(ctx, def, op.variables, undefined, { key: parent.key, elementInstanceKey: ei.key });
      ei.own = { ...ei.own, child: child.key };
    } else if (op.kind === 'childDone') {
      const called = x.el(ei).called!;
      ei.own = { ...ei.own, child: undefined };
      x.completeWith(ei, op.variables, !called.propagateAllChildVariables);
    } else {
      throwError(x, ei, op.code, op.message);
    }
  }
}
