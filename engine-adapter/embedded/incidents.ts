/** Incidents: listing and resolving. */
import { InvalidStateError, NotFoundError } from '../errors.ts';
import type { Incident, IncidentFilter } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { retryTransition } from './task-transitions.ts';

function toIncident(r: Record<string, any>): Incident {
  return {
    key: String(r.key), processInstanceKey: String(r.process_instance_key), processDefinitionKey: String(r.process_definition_key),
    bpmnProcessId: r.bpmn_process_id, elementId: r.element_id, elementInstanceKey: String(r.element_instance_key), errorType: r.error_type,
    errorMessage: r.error_message, jobKey: r.job_key == null ? null : String(r.job_key), creationTime: new Date(r.created_at),
  };
}

/** Open incidents, oldest first. */
export async function listIncidents(core: EngineCore, filter: IncidentFilter = {}): Promise<Incident[]> {
  let q = core.db.selectFrom('engine_incident').selectAll();
  if (filter.processInstanceKey) q = q.where('process_instance_key', '=', filter.processInstanceKey);
  return (await q.orderBy('key').execute()).map(toIncident);
}

/** Resolves an incident: re-activates its job, or re-runs the element with the current variables. */
export async function resolveIncident(core: EngineCore, key: string): Promise<void> {
  await core.step(async (ctx) => {
    const row = await ctx.tx.deleteFrom('engine_incident').where('key', '=', key).returningAll().executeTakeFirst();
    if (!row) throw new NotFoundError('Incident', key);
    const inst = await core.instance(ctx, String(row.process_instance_key));
    const ei = inst.doc.elements[String(row.element_instance_key)];
    if (row.job_key != null) {
      const job = await ctx.tx.selectFrom('engine_job').select('retries').where('key', '=', row.job_key).executeTakeFirst();
      if (job && Number(job.retries) < 1) throw new InvalidStateError(`Job '${row.job_key}' has no retries: update its retries first`, { key: String(row.job_key) });
      await ctx.tx.updateTable('engine_job').set({ state: 'ACTIVATABLE', due_at: ctx.now, worker: null }).where('key', '=', row.job_key).execute();
      if (ei) delete ei.incident;
      return;
    }
    if (!ei) return;
    const phase = ei.retry;
    delete ei.incident;
    delete ei.retry;
    for (const table of ['engine_timer', 'engine_message_subscription', 'engine_job']) {
      await ctx.tx.deleteFrom(table).where('element_instance_key', '=', ei.key).execute();
    }
    ei.own = { ...ei.own, timers: false, subs: false, job: false };
    const x = core.exec(ctx, inst);
    if (ei.own?.transition) return retryTransition(core, ctx, inst, ei); // a user-task transition's listener
    if (phase === 'complete') x.complete(ei);
    else ctx.later(() => x.enter(ei));
  });
}
