/** The batched commands: job completion and instance creation. */
import { InvalidStateError, NotFoundError } from '../errors.ts';
import type { Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import type { ProcessDefinition } from './model.ts';
import type { StepContext } from './step-context.ts';

/** A job completion. */
export interface Completion {
  jobKey: string;
  variables: Variables;
}

async function whyMissing(ctx: StepContext, jobKey: string): Promise<Error> {
  const failed = await ctx.tx.selectFrom('engine_job').select('key').where('key', '=', jobKey).executeTakeFirst();
  return failed ? new InvalidStateError(`Job '${jobKey}' has no retries left (open incident)`, { key: jobKey }) : new NotFoundError('Job', jobKey);
}

/** Completes jobs: one DELETE and one locking SELECT for the batch. */
export function completeJobs(core: EngineCore) {
  return async (ctx: StepContext, items: Completion[]): Promise<(void | Error)[]> => {
    const rows = await ctx.tx.deleteFrom('engine_job').where('key', 'in', items.map((p) => p.jobKey)).where('state', '<>', 'FAILED')
      .returning(['key', 'process_instance_key', 'element_instance_key']).execute();
    const byKey = new Map(rows.map((r) => [String(r.key), r]));
    await core.preload(ctx, rows.map((r) => String(r.process_instance_key)));
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
