/** What each element kind does when a token enters it. */
import type { UserTask, Variables } from '../workflow-engine.ts';
import { evalCondition, evalExpr, evalString, evalStringList, ExpressionError, type Expr } from './feel.ts';
import { behaviors, type Execution } from './executor.ts';
import { openSubscription, openTimer, throwError } from './events.ts';
import { throwEscalation } from './escalation.ts';
import { throwLink } from './links.ts';
import { openSignalSubscription, throwSignal } from './signals.ts';
import { element, type ElementModel } from './model.ts';
import { pushListenerJob, userTaskHeaders } from './listener-jobs.ts';
import { assignOnCreation } from './task-transitions.ts';
import type { ElementInstanceState } from './state.ts';
import { toUserTask } from './store.ts';
import { userTaskJobHeaders } from './job-user-task.ts';
import './dmn/business-rule-task.ts';

const passThrough = (x: Execution, ei: ElementInstanceState) => x.complete(ei);

function createJob(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const context = x.vars(ei.key);
  const type = evalString(el.job!.type, context, 'job type');
  const retries = Number(evalExpr(el.job!.retries, context));
  if (!Number.isInteger(retries)) throw new ExpressionError(`Expected retries of '${el.id}' to be an integer`);
  const { def } = x.inst;
  x.ctx.jobs.push({
    key: x.ctx.keys.next(), type, state: 'ACTIVATABLE', retries, due_at: x.ctx.now, worker: null, process_instance_key: x.inst.key,
    element_instance_key: ei.key, element_id: el.id, bpmn_process_id: def.bpmnProcessId, version: def.version,
    process_definition_key: def.key, custom_headers: JSON.stringify({ ...el.headers, ...userTaskJobHeaders(el, context) }), variables: JSON.stringify(context), error_message: null,
  });
  ei.own = { ...ei.own, job: true };
}

function optionalString(x: Variables, expr: Expr | undefined): string | null {
  if (!expr) return null;
  const v = evalExpr(expr, x);
  return v === null || v === '' ? null : String(v);
}

function createUserTask(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const ut = el.userTask ?? {};
  const context = x.vars(ei.key);
  const priority = ut.priority ? Number(evalExpr(ut.priority, context)) : 50;
  const { def } = x.inst;
  const row = {
    key: x.ctx.keys.next(), state: 'CREATED', process_instance_key: x.inst.key, element_instance_key: ei.key, element_id: el.id,
    bpmn_process_id: def.bpmnProcessId, process_definition_key: def.key, name: el.name, assignee: optionalString(context, ut.assignee),
    candidate_groups: JSON.stringify(ut.candidateGroups ? evalStringList(ut.candidateGroups, context) : []),
    candidate_users: JSON.stringify(ut.candidateUsers ? evalStringList(ut.candidateUsers, context) : []),
    due_date: optionalString(context, ut.dueDate), follow_up_date: optionalString(context, ut.followUpDate),
    priority: Number.isFinite(priority) ? priority : 50, form_key: ut.formKey ?? null, custom_headers: JSON.stringify(el.headers),
    created_at: x.ctx.now, ended_at: null,
  };
  if (ut.creatingListeners?.length) {
    row.state = 'CREATING';
    createListenerJob(x, ei, el, toUserTask(row), 0);
  } else {
    assignOnCreation(x, ei, el, row);
  }
  x.ctx.userTasks.push(row);
  ei.own = { ...ei.own, userTask: true };
}

/**
 * Opens the job of the `index`-th `creating` task listener of a user task (Camunda 8.8: the task stays
 * CREATING until every creating listener's job is completed). The job carries the element's task headers
 * and the task's properties as `io.camunda.zeebe:*` headers, and the variables visible from the task.
 */
export function createListenerJob(x: Execution, ei: ElementInstanceState, el: ElementModel, task: UserTask, index: number): void {
  pushListenerJob(x, ei, el, el.userTask!.creatingListeners![index]!, 'TASK_LISTENER', 'CREATING', userTaskHeaders(task));
  ei.own = { ...ei.own, listener: index };
}

function exclusive(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const context = x.vars(ei.key);
  const chosen = el.outgoing.find((id) => id !== el.defaultFlow && (x.model.flows.get(id)!.condition === undefined || evalCondition(x.model.flows.get(id)!.condition!, context)));
  const flow = chosen ?? el.defaultFlow;
  if (!flow) throw new ExpressionError(`Expected at least one condition to evaluate to true, or to have a default flow (gateway '${el.id}')`);
  leaveGateway(x, ei, [flow]);
}

function inclusive(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const context = x.vars(ei.key);
  const taken = el.outgoing.filter((id) => id !== el.defaultFlow && (x.model.flows.get(id)!.condition === undefined || evalCondition(x.model.flows.get(id)!.condition!, context)));
  if (!taken.length && el.defaultFlow) taken.push(el.defaultFlow);
  if (!taken.length) throw new ExpressionError(`Expected at least one condition to evaluate to true, or to have a default flow (gateway '${el.id}')`);
  leaveGateway(x, ei, taken);
}

function leaveGateway(x: Execution, ei: ElementInstanceState, flows: string[]): void {
  x.leave(ei, 'COMPLETED');
  x.takeFlows(flows, ei.parentKey!);
  if (!flows.length) x.scopeMaybeComplete(ei.parentKey!);
}

function eventBased(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  for (const id of el.outgoing) {
    const target = element(x.model, x.model.flows.get(id)!.targetId);
    if (target.event?.kind === 'timer') openTimer(x, ei, target);
    else openSubscription(x, ei, target);
    openSignalSubscription(x, ei, target);
  }
}

function catchEvent(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  if (el.event?.kind === 'timer') openTimer(x, ei, el);
  else openSubscription(x, ei, el);
  openSignalSubscription(x, ei, el);
}

/** Intermediate throw events: none, message (a job, as a send task), link, escalation, signal. */
function throwEvent(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const kind = el.event?.kind;
  if (kind === 'message') return createJob(x, ei, el);
  if (kind === 'link') return throwLink(x, ei, el);
  if (kind === 'escalation') return throwEscalation(x, ei, el);
  if (kind === 'signal') return throwSignal(x, ei, el);
  x.complete(ei);
}

function endEvent(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const ev = el.event;
  if (ev?.kind === 'error') return throwError(x, ei, ev.code!, `Error end event '${el.id}'`);
  if (ev?.kind === 'message') return createJob(x, ei, el);
  if (ev?.kind === 'escalation') return throwEscalation(x, ei, el);
  if (ev?.kind === 'signal') return throwSignal(x, ei, el);
  if (ev?.kind === 'terminate') x.terminateChildren(ei.parentKey!, ei.key);
  x.complete(ei);
}

function subProcess(x: Execution, ei: ElementInstanceState, el: ElementModel, trigger?: Variables): void {
  if (el.kind === 'subProcess') openEventSubProcesses(x, ei, el);
  x.activate(el.startEvent!, ei.key, trigger ? { trigger } : {});
}

/**
 * Opens the message and timer start events of a scope's event sub-processes: all of them or, when an
 * expression fails (a correlation key, a timer), none (the caller's incident retries them all).
 */
export function openEventSubProcesses(x: Execution, scope: ElementInstanceState, el: ElementModel): void {
  const { timers, subs, openedSubs, signalSubs } = x.ctx;
  const before = [timers.length, subs.length, openedSubs.length, signalSubs.length] as const;
  try {
    for (const espId of el.eventSubProcesses) {
      const start = element(x.model, element(x.model, espId).startEvent!);
      if (start.event?.kind === 'timer') openTimer(x, scope, start);
      if (start.event?.kind === 'message') openSubscription(x, scope, start);
      openSignalSubscription(x, scope, start);
    }
  } catch (err) {
    timers.length = before[0];
    subs.length = before[1];
    openedSubs.length = before[2];
    signalSubs.length = before[3];
    throw err;
  }
}

/**
 * The process instance's own activation: its event sub-processes' start events, then its start event
 * (the one it was created at, else the none start event). As in Zeebe, an expression that fails here
 * (an event sub-process's correlation key without its variable) is an incident on the process itself,
 * not a refused creation; resolving it runs this again with the variables set meanwhile.
 */
function processActivation(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const start = ei.own?.startEvent ?? el.startEvent!;
  openEventSubProcesses(x, ei, el);
  ei.own = { ...ei.own, startEvent: undefined };
  x.activate(start, ei.key);
}

function callActivity(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const context = x.vars(ei.key);
  const processId = evalString(el.called!.processId, context, 'called process id');
  const variables = el.called!.propagateAllParentVariables ? context : { ...x.doc.vars[ei.key] };
  x.ctx.pending.push({ kind: 'call', parentKey: x.inst.key, elementInstanceKey: ei.key, processId, variables });
}

function script(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const value = evalExpr(el.script!.expr, x.vars(ei.key));
  x.completeWith(ei, { [el.script!.resultVariable!]: value });
}

Object.assign(behaviors, {
  process: processActivation, startEvent: passThrough, throwEvent, passThrough, endEvent, jobTask: createJob, userTask: createUserTask,
  receiveTask: catchEvent, catchEvent, scriptFeel: script, exclusiveGateway: exclusive, inclusiveGateway: inclusive,
  parallelGateway: (x: Execution, ei: ElementInstanceState, el: ElementModel) => leaveGateway(x, ei, el.outgoing),
  eventBasedGateway: eventBased, subProcess, eventSubProcess: subProcess, callActivity,
});
