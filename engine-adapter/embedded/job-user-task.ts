/**
 * Job-based user tasks (a `bpmn:userTask` without `zeebe:userTask`), run as Zeebe 8.8 runs them: a job
 * of type `io.camunda.zeebe:userTask` with one retry, its assignment, schedule and form in the job's
 * headers (evaluated when the job is created), for a task application's worker to complete.
 */
import { evalExpr, evalStringList, type Expr } from './feel.ts';
import type { ElementModel } from './model.ts';

/** Zeebe's job type of job-based user tasks (`Protocol.USER_TASK_JOB_TYPE`). */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/** The job definition Zeebe gives a job-based user task. */
export const userTaskJob = (): NonNullable<ElementModel['job']> => ({ type: { feel: false, src: USER_TASK_JOB_TYPE }, retries: { feel: false, src: '1' } });

/** Whether a model element is a job-based user task. */
export const isJobBasedUserTask = (el: ElementModel): boolean => el.type === 'bpmn:UserTask' && el.kind === 'jobTask';

function text(expr: Expr | undefined, variables: Record<string, unknown>): string | undefined {
  if (!expr) return undefined;
  const v = evalExpr(expr, variables);
  return v === null || v === '' ? undefined : String(v);
}

/** The `io.camunda.zeebe:*` headers of a job-based user task's job (none for other elements). */
export function userTaskJobHeaders(el: ElementModel, variables: Record<string, unknown>): Record<string, string> {
  const ut = el.userTask;
  if (!isJobBasedUserTask(el) || !ut) return {};
  const out: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => { if (value !== undefined) out[`io.camunda.zeebe:${name}`] = value; };
  put('assignee', text(ut.assignee, variables));
  if (ut.candidateGroups) put('candidateGroups', JSON.stringify(evalStringList(ut.candidateGroups, variables)));
  if (ut.candidateUsers) put('candidateUsers', JSON.stringify(evalStringList(ut.candidateUsers, variables)));
  put('dueDate', text(ut.dueDate, variables));
  put('followUpDate', text(ut.followUpDate, variables));
  put('formKey', ut.formKey || undefined);
  return out;
}

/** What Zeebe refuses on a job-based user task: task listeners (they need a Camunda user task). */
export function jobUserTaskError(el: ElementModel): string | undefined {
  if (isJobBasedUserTask(el) && (el.userTask?.creatingListeners?.length || Object.values(el.userTask?.listeners ?? {}).some((l) => l.length))) return 'task listeners need a Camunda user task (zeebe:userTask); a job-based user task runs as a job';
  return undefined;
}
