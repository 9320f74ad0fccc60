/**
 * The handoff worker (`handoff` jobs): picks the target agency of the `targetAgencyRole` header
 * (one in the province of the receiving agency first), records the handoff — a task for an
 * internal agency, a webhook event in the outbox for an external one (an agency with a
 * `webhook_url`) — and completes with `{ handoffId }`. A retried job finds its handoff again.
 */
import type { WorkerJob } from '../../engine-adapter/workflow-engine.ts';
import { stepDueAt } from '../domain/sla/index.ts';
import { createHandoff, findTargetAgency } from '../services/handoffs.ts';
import { dossierOfJob, jobWorkers, SYSTEM_AUDIT, type Worker, type WorkerDeps } from './context.ts';

/** Working hours allowed to the other agency when the job has no `slaHours` header. */
const DEFAULT_HANDOFF_HOURS = 8;

/** Creates the handoff worker. */
export function createHandoffWorker(deps: WorkerDeps): Worker & { handle(job: WorkerJob): Promise<void> } {
  const { db, calendars, clock } = deps;

  async function handle(job: WorkerJob): Promise<void> {
    const role = job.customHeaders.targetAgencyRole;
    if (!role) throw new Error(`${job.elementId}: targetAgencyRole header missing`);
    const dossier = await dossierOfJob(db, job);
    const target = await findTargetAgency(db, role, dossier.receiving_agency_id);
    if (!target) {
      // No such agency configured: an incident for an administrator, not endless retries.
      await job.fail({ retries: 0, errorMessage: `No active agency of type ${role}` });
      return;
    }
    const now = clock.now();
    const hours = Number(job.customHeaders.slaHours) > 0 ? Number(job.customHeaders.slaHours) : DEFAULT_HANDOFF_HOURS;
    const dueAt = stepDueAt(await calendars.forAgency(target.id), now, hours);
    const handoff = await createHandoff(db, {
      dossier, processInstanceKey: job.processInstanceKey, elementInstanceKey: job.elementInstanceKey, targetRole: role,
      targetAgencyId: target.id, external: Boolean(target.webhook_url), purpose: job.customHeaders.purpose ?? null, dueAt,
    }, job.bpmnProcessId, SYSTEM_AUDIT, now);
    deps.log.info({ handoffId: handoff.id, dossierCode: dossier.code, targetAgencyId: target.id, mode: handoff.mode }, 'dossier handed off');
    await job.complete({ handoffId: handoff.id });
  }

  return { ...jobWorkers(deps.engine, { handoff: handle }), handle };
}
