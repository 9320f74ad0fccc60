/** Job commands: activation (FOR UPDATE SKIP LOCKED), completion, failure, BPMN errors, retries. */
import { sql } from 'kysely';
import { InvalidArgumentError, InvalidStateError, NotFoundError } from '../errors.ts';
import type { ActivateJobsRequest, ActivatedJob, FailJobRequest, JobResult, ThrowErrorRequest, Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { throwError } from './events.ts';
import type { StepContext } from './step-context.ts';
import { completeAdHocJob } from './ad-hoc-jobs.ts';
import { completeListenerJob, listenerOf } from './listener-completion.ts';
import { assertVariables, setPropagating } from './variables.ts';

function toJob(r: Record<string, any>): ActivatedJob {
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    key: String(r.key), type: r.type, processInstanceKey: String(r.process_instance_key), bpmnProcessId: r.bpmn_process_id,
    processDefinitionVersion: Number(r.version), processDefinitionKey: String(r.process_definition_key), elementId: r.element_id,
    elementInstanceKey: String(r.element_instance_key), customHeaders: json(r.custom_headers), worker: r.worker, retries: Number(r.retries),
    deadline: new Date(r.due_at), variables: json(r.variables),
    kind: r.kind ?? 'BPMN_ELEMENT', listenerEventType: r.listener_event_type ?? 'UNSPECIFIED',
  };
}

/** Activates jobs of a type; activated jobs whose deadline passed are handed out again. */
export async function activateJobs(core: EngineCore, req: ActivateJobsRequest): Promise<ActivatedJob[]> {
  if (req.maxJobsToActivate < 1) return [];
  const now = core.clock.now();
  const deadline = new Date(now.getTime() + req.timeout);
  const { rows } = await sql<Record<string, any>>`
    update engine_job j set state = 'ACTIVATED', worker = ${req.worker}, due_at = ${deadline}
    from (select key from engine_job where type = ${req.type} and state <> 'FAILED' and due_at <= ${now}
          order by due_at limit ${req.maxJobsToActivate} for update skip locked) s
    where j.key = s.key returning j.*`.execute(core.db);
  return rows.map(toJob);
}

/**
 * Of `types`, those with a job activatable now: one query for every idle worker of the process (their
 * shared idle poll, `EmbeddedEngine`), each type read through `engine_job_activatable`.
 */
export async function typesWithDueJobs(core: EngineCore, types: string[]): Promise<Set<string>> {
  if (types.length === 0) return new Set();
  const { rows } = await sql<{ type: string }>`
    select t.type from unnest(${types}::text[]) as t(type)
    where exists (select 1 from engine_job j where j.type = t.type and j.state <> 'FAILED' and j.due_at <= ${core.clock.now()})`.execute(core.db);
  return new Set(rows.map((r) => r.type));
}

async function takeJob(ctx: StepContext, jobKey: string): Promise<Record<string, any>> {
  const row = await ctx.tx.deleteFrom('engine_job').where('key', '=', jobKey).where('state', '<>', 'FAILED').returningAll().executeTakeFirst();
  if (row) return row;
  const failed = await ctx.tx.selectFrom('engine_job').select('key').where('key', '=', jobKey).executeTakeFirst();
  if (failed) throw new InvalidStateError(`Job '${jobKey}' has no retries left (open incident)`, { key: jobKey });
  throw new NotFoundError('Job', jobKey);
}

/** Completes a job and advances its instance until it waits again; a task listener's job may carry a result. */
export async function completeJob(core: EngineCore, jobKey: string, variables?: Variables, result?: JobResult): Promise<void> {
  const vars = assertVariables(variables);
  await core.step(async (ctx) => {
    const job = await takeJob(ctx, jobKey);
    const inst = await core.instance(ctx, String(job.process_instance_key));
    const ei = inst.doc.elements[String(job.element_instance_key)];
    if (!ei) return;
    if (await completeListenerJob(core, ctx, inst, ei, vars, result)) return;
    if (completeAdHocJob(core, ctx, inst, ei, vars, result)) return;
    if (result) throw new InvalidArgumentError(`Job '${jobKey}' is not a user task listener's job: it takes no result`, { key: jobKey });
    ei.own = { ...ei.own, job: false };
    core.exec(ctx, inst).completeWith(ei, vars);
  });
}

/** Fails a job; with no retries left an incident is raised. */
export async function failJob(core: EngineCore, req: FailJobRequest): Promise<void> {
  const vars = assertVariables(req.variables);
  if (!Number.isInteger(req.retries) || req.retries < 0) throw new InvalidArgumentError('retries must be a non-negative integer', { key: req.jobKey });
  await core.step(async (ctx) => {
    const job = await ctx.tx.selectFrom('engine_job').selectAll().where('key', '=', req.jobKey).forUpdate().executeTakeFirst();
    if (!job) throw new NotFoundError('Job', req.jobKey);
    if (job.state === 'FAILED') throw new InvalidStateError(`Job '${req.jobKey}' already failed`, { key: req.jobKey });
    const dueAt = new Date(ctx.now.getTime() + (req.retries > 0 ? req.retryBackOff ?? 0 : 0));
    const state = req.retries > 0 ? 'ACTIVATABLE' : 'FAILED';
    await ctx.tx.updateTable('engine_job').set({ state, retries: req.retries, due_at: dueAt, worker: null, error_message: req.errorMessage ?? null }).where('key', '=', req.jobKey).execute();
    if (req.retries > 0 && !Object.keys(vars).length) return;
    const inst = await core.instance(ctx, String(job.process_instance_key));
    const ei = inst.doc.elements[String(job.element_instance_key)];
    if (!ei) return;
    setPropagating(inst.doc, ei.key, vars);
    const listener = listenerOf(ei);
    const type = listener === 'execution' ? 'EXECUTION_LISTENER_NO_RETRIES' : listener ? 'TASK_LISTENER_NO_RETRIES' : 'JOB_NO_RETRIES';
    if (req.retries === 0) core.exec(ctx, inst).raiseIncident(ei, type, req.errorMessage || 'No more retries left.', 'behavior', req.jobKey);
  });
}

/** Throws a BPMN error from a job. */
export async function throwJobError(core: EngineCore, req: ThrowErrorRequest): Promise<void> {
  const vars = assertVariables(req.variables);
  await core.step(async (ctx) => {
    const job = await takeJob(ctx, req.jobKey);
    if (job.kind && job.kind !== 'BPMN_ELEMENT') {
      throw new InvalidStateError(`Cannot throw BPMN error from ${job.kind} job with key '${req.jobKey}', type '${job.type}' and processInstanceKey '${job.process_instance_key}'`, { key: req.jobKey });
    }
    const inst = await core.instance(ctx, String(job.process_instance_key));
    const ei = inst.doc.elements[String(job.element_instance_key)];
    if (!ei) return;
    ei.own = { ...ei.own, job: false };
    setPropagating(inst.doc, ei.parentKey ?? ei.key, vars);
    throwError(core.exec(ctx, inst), ei, req.errorCode, req.errorMessage ?? '');
  });
}

/** Sets a job's retries. */
export async function updateJobRetries(core: EngineCore, jobKey: string, retries: number): Promise<void> {
  if (!Number.isInteger(retries) || retries < 1) throw new InvalidArgumentError('retries must be a positive integer', { key: jobKey });
  const r = await core.db.updateTable('engine_job').set({ retries }).where('key', '=', jobKey).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('Job', jobKey);
}
