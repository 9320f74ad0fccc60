/**
 * Jobs of listeners (Camunda 8.8): execution listeners (`EXECUTION_LISTENER`, event type START / END)
 * and user-task listeners (`TASK_LISTENER`, CREATING / ASSIGNING / UPDATING / COMPLETING / CANCELING).
 * The listener's type and retries are evaluated right before its job is created; a failure is an
 * expression error (an incident on the element).
 */
import type { UserTask } from '../workflow-engine.ts';
import { evalExpr, evalString, ExpressionError } from './feel.ts';
import type { Execution } from './executor.ts';
import type { ElementModel, ListenerDef } from './model.ts';
import type { ElementInstanceState, JobRow } from './state.ts';

/** The `io.camunda.zeebe:*` headers of a user task's properties, as Zeebe puts them on task listener jobs. */
export function userTaskHeaders(task: UserTask): Record<string, string> {
  const z = 'io.camunda.zeebe:';
  const headers: Record<string, string> = { [`${z}userTaskKey`]: task.key, [`${z}candidateGroups`]: JSON.stringify(task.candidateGroups), [`${z}priority`]: String(task.priority) };
  if (task.candidateUsers.length) headers[`${z}candidateUsers`] = JSON.stringify(task.candidateUsers);
  if (task.assignee) headers[`${z}assignee`] = task.assignee;
  if (task.dueDate) headers[`${z}dueDate`] = task.dueDate;
  if (task.followUpDate) headers[`${z}followUpDate`] = task.followUpDate;
  if (task.formKey) headers[`${z}formKey`] = task.formKey;
  return headers;
}

/** Opens the job of one listener on an element instance; `what` names it in error messages. */
export function pushListenerJob(
  x: Execution, ei: ElementInstanceState, el: ElementModel, listener: ListenerDef,
  kind: NonNullable<JobRow['kind']>, eventType: string, extraHeaders: Record<string, string> = {},
): void {
  const context = x.vars(ei.key);
  const what = kind === 'EXECUTION_LISTENER' ? 'execution listener' : 'task listener';
  const type = evalString(listener.type, context, `${what} job type`);
  const retries = Number(evalExpr(listener.retries, context));
  if (!Number.isInteger(retries)) throw new ExpressionError(`Expected retries of the ${what} of '${el.id}' to be an integer`);
  const { def } = x.inst;
  x.ctx.jobs.push({
    key: x.ctx.keys.next(), type, state: 'ACTIVATABLE', retries, due_at: x.ctx.now, worker: null, process_instance_key: x.inst.key,
    element_instance_key: ei.key, element_id: el.id, bpmn_process_id: def.bpmnProcessId, version: def.version,
    process_definition_key: def.key, custom_headers: JSON.stringify({ ...el.headers, ...extraHeaders }), variables: JSON.stringify(context),
    error_message: null, kind, listener_event_type: eventType,
  });
  ei.own = { ...ei.own, job: true };
}
