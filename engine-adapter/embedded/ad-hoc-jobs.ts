/**
 * The job-worker implementation of ad-hoc sub-processes (Camunda 8.8: `zeebe:taskDefinition` on the
 * `bpmn:adHocSubProcess`). On entering, instead of evaluating `activeElementsCollection`, the sub-process
 * opens a job (kind `AD_HOC_SUB_PROCESS`; its variables hold `adHocSubProcessElements`). The worker
 * completes it with a result of type `adHocSubProcess`: `activateElements` (each with local variables),
 * or `isCompletionConditionFulfilled` (not both), with `isCancelRemainingInstances`. The job's variables
 * are merged into the sub-process's scope. Each time a flow inside completes (and the sub-process is not
 * fulfilled) a new job is opened, replacing one still open: one job at a time. Fulfilled, the sub-process
 * completes, terminating what is still active if asked to, else once nothing is active.
 */
import './ad-hoc.ts'; // the BPMN implementation's behaviour and hooks, wrapped below
import { InvalidArgumentError } from '../errors.ts';
import type { JobResult, Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { behaviors, hooks, type Execution } from './executor.ts';
import { evalExpr, evalString, ExpressionError } from './feel.ts';
import { listenerOf } from './listener-completion.ts';
import type { ElementModel } from './model.ts';
import type { ElementInstanceState } from './state.ts';
import type { LoadedInstance, StepContext } from './step-context.ts';
import { setLocal, setPropagating } from './variables.ts';

/** The sub-process's instance: fulfilled by a job result, and whether the rest is then cancelled. */
type JobAdHocInstance = ElementInstanceState & { adHocFulfilled?: boolean; adHocCancelRest?: boolean };

const isJobAdHoc = (el: ElementModel) => el.kind === 'adHocSubProcess' && !!el.adHoc?.job;

/** Opens the sub-process's job; one still open (in the database or this step) is replaced. */
function openJob(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const context = x.vars(ei.key);
  const type = evalString(el.adHoc!.job!.type, context, 'job type');
  const retries = Number(evalExpr(el.adHoc!.job!.retries, context));
  if (!Number.isInteger(retries)) throw new ExpressionError(`Expected retries of '${el.id}' to be an integer`);
  const key = x.ctx.keys.next();
  const replaced = ei.own?.job;
  for (let n = x.ctx.jobs.length - 1; n >= 0; n--) if (x.ctx.jobs[n]!.element_instance_key === ei.key) x.ctx.jobs.splice(n, 1);
  if (replaced) {
    x.ctx.pending.push({ kind: 'async', run: async (_core, ctx) => { await ctx.tx.deleteFrom('engine_job').where('element_instance_key', '=', ei.key).where('key', '<>', key).execute(); } });
  }
  const { def } = x.inst;
  x.ctx.jobs.push({
    key, type, state: 'ACTIVATABLE', retries, due_at: x.ctx.now, worker: null, process_instance_key: x.inst.key,
    element_instance_key: ei.key, element_id: el.id, bpmn_process_id: def.bpmnProcessId, version: def.version,
    process_definition_key: def.key, custom_headers: JSON.stringify(el.headers), variables: JSON.stringify(context), error_message: null,
    kind: 'AD_HOC_SUB_PROCESS',
  });
  ei.own = { ...ei.own, job: true };
}

const bpmnBehavior = behaviors.adHocSubProcess!;
behaviors.adHocSubProcess = (x, ei, el, trigger) => {
  if (!isJobAdHoc(el)) return bpmnBehavior(x, ei, el, trigger);
  const { outputCollection, activities, metadata } = el.adHoc!;
  setLocal(x.doc, ei.key, { adHocSubProcessElements: activities.map((id) => metadata[id]) });
  if (outputCollection) setLocal(x.doc, ei.key, { [outputCollection]: [] });
  openJob(x, ei, el);
};

/** The job-worker ad-hoc sub-process a completing element ends a flow of, if any. */
function jobScope(x: Execution, ei: ElementInstanceState, el: ElementModel): JobAdHocInstance | undefined {
  if (el.outgoing.length || ei.mi?.role === 'inner' || !ei.parentKey) return undefined;
  const scope = x.doc.elements[ei.parentKey];
  return scope && isJobAdHoc(x.el(scope)) ? scope : undefined;
}

const previousCompleted = hooks.completed;
hooks.completed = (x, ei, el) => {
  previousCompleted(x, ei, el);
  const scope = jobScope(x, ei, el);
  if (!scope || scope.adHocFulfilled || scope.terminating) return;
  x.guarded(scope, 'behavior', () => openJob(x, scope, x.el(scope)));
};

const previousHold = hooks.holdScope;
hooks.holdScope = (x, scope) => {
  if (previousHold(x, scope)) return true;
  return isJobAdHoc(x.el(scope)) && !(scope as JobAdHocInstance).adHocFulfilled;
};

function checkResult(el: ElementModel, ei: ElementInstanceState, result: JobResult | undefined): void {
  if (!result) return;
  if (result.type && result.type !== 'adHocSubProcess') throw new InvalidArgumentError(`The job of ad-hoc sub-process '${el.id}' takes a result of type 'adHocSubProcess', not '${result.type}'`, {});
  if (result.denied !== undefined || result.corrections !== undefined) throw new InvalidArgumentError('An ad-hoc sub-process job result has no denial or corrections', {});
  const ids = (result.activateElements ?? []).map((a) => a.elementId);
  const missing = ids.filter((id) => !el.adHoc!.activities.includes(id));
  if (missing.length) {
    throw new InvalidArgumentError(`Expected to activate activities for ad-hoc sub-process with key '${ei.key}', but the given elements [${missing.join(', ')}] do not exist.`, { key: ei.key });
  }
  if (ids.length && result.isCompletionConditionFulfilled) {
    throw new InvalidArgumentError(`Expected to activate activities for ad-hoc sub-process with key '${ei.key}', but the completion condition is fulfilled: a result cannot fulfill it and activate elements at the same time.`, { key: ei.key });
  }
}

/**
 * Completes the job of a job-worker ad-hoc sub-process (the job row is already taken); false when the
 * element instance is no such sub-process waiting on its job.
 */
export function completeAdHocJob(core: EngineCore, ctx: StepContext, inst: LoadedInstance, ei: JobAdHocInstance, variables: Variables, result: JobResult | undefined): boolean {
  const x = core.exec(ctx, inst);
  const el = x.el(ei);
  if (!isJobAdHoc(el) || listenerOf(ei)) return false;
  checkResult(el, ei, result);
  ei.own = { ...ei.own, job: false };
  if (Object.keys(variables).length) setPropagating(inst.doc, ei.key, variables);
  for (const a of result?.activateElements ?? []) {
    const child = x.activate(a.elementId, ei.key);
    if (a.variables && Object.keys(a.variables).length) setLocal(inst.doc, child.key, a.variables);
  }
  if (result?.isCompletionConditionFulfilled) {
    ei.adHocFulfilled = true;
    ei.adHocCancelRest = result.isCancelRemainingInstances === true;
    if (ei.adHocCancelRest) x.terminateChildren(ei.key);
    ctx.later(() => x.scopeMaybeComplete(ei.key));
  }
  return true;
}
