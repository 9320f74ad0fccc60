/** The batched commands: job completion and instance creation. */
import { sql } from 'kysely';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import type { Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import type { ProcessDefinition } from './model.ts';
import type { StepContext } from './step-context.ts';
import { fromRow } from './store.ts';
import { completeAdHocJob } from './ad-hoc-jobs.ts';
import { completeListenerJob } from './listener-completion.ts';

/** A job completion. */
export interface Completion {
  jobKey: string;
  variables: Variables;
}

async function whyMissing(ctx: StepContext, jobKey: string): Promise<Error> {
  const failed = await ctx.tx.selectFrom('engine_job').select('key').where('key', '=', jobKey).executeTakeFirst();
  return failed ? new InvalidStateError(`Job '${jobKey}' has no retries left (open incident)`, { key: jobKey }) : new NotFoundError('Job', jobKey);
}

/**
 * Deletes the jobs and locks their instances in one statement (instances in key order), loading the
 * instances into the step.
 */
async function takeJobsAndLock(core: EngineCore, ctx: StepContext, jobKeys: string[]): Promise<Record<string, any>[]> {
  const { rows } = await sql<Record<string, any>>`
    with taken as (
      delete from engine_job where key in (${sql.join(jobKeys)}) and state <> 'FAILED'
      returning key, process_instance_key, element_instance_key)
    select t.key as job_key, t.element_instance_key as job_element_instance_key, i.*
    from taken t join engine_process_instance i on i.key = t.process_instance_key
    order by i.key for update of i`.execute(ctx.tx);
  for (const row of rows) {
    const key = String(row.key);
    if (!ctx.instances.has(key)) ctx.instances.set(key, fromRow(row, await core.defs.byKey(ctx.tx, String(row.process_definition_key))));
  }
  return rows.map((r) => ({ job_key: r.job_key, process_instance_key: r.key, element_instance_key: r.job_element_instance_key }));
}

/** Completes jobs: one statement deletes them and locks their instances. */
export function completeJobs(core: EngineCore) {
  return async (ctx: StepContext, items: Completion[]): Promise<(void | Error)[]> => {
    const rows = await takeJobsAndLock(core, ctx, items.map((p) => p.jobKey));
    const byKey = new Map(rows.map((r) => [String(r.job_key), r]));
    const out: (void | Error)[] = [];
    for (const p of items) {
      const job = byKey.get(p.jobKey);
      if (!job) {
        out.push(await whyMissing(ctx, p.jobKey));
        continue;
      }
      out.push(undefined);
      const inst = await core.instance(ctx, String(job.process_instance_key));
      const ei = inst.doc.elements[String(job.element_instance_key)];
      if (!ei || inst.state !== 'ACTIVE') continue;
      if (await completeListenerJob(core, ctx, inst, ei, p.variables, undefined, false)) continue;
      if (completeAdHocJob(core, ctx, inst, ei, p.variables, undefined)) continue;
      ei.own = { ...ei.own, job: false };
      core.exec(ctx, inst).completeWith(ei, p.variables);
    }
    return out;
  };
}

/** An instance creation. */
export interface Creation {
  def: ProcessDefinition;
  variables: Variables;
}

/** Creates instances; returns their keys. */
export function createInstances(core: EngineCore) {
  return async (ctx: StepContext, items: Creation[]): Promise<(string | Error)[]> => items.map((c) => core.createInstance(ctx, c.def, c.variables).key);
}
