/**
 * The SLA worker: `sla-start` (dossier due date and due-soon instant, from the clock start and
 * the `timeLimit` header), `sla-step` (a step's due and due-soon from `slaHours`) and
 * `sla-pause` (the supplement deadline). Results are ISO strings with +07:00; the process's
 * timers read them (`timeDate`). See processes/README.md for the contract.
 */
import { formatVnInstant } from '../domain/calendar/index.ts';
import { supplementDeadline, type SameDayPath } from '../domain/sla/index.ts';
import type { WorkerJob } from '../../engine-adapter/workflow-engine.ts';
import { dossierOfJob, instantVar, jobWorkers, type Worker, type WorkerDeps } from './context.ts';
import { dossierTimes, parseTimeLimit, processSameDayPath, sameDayStepHours, stepTimes } from './sla-times.ts';

/** The job types served. */
export const SLA_JOB_TYPES = ['sla-start', 'sla-step', 'sla-pause'] as const;

/** Creates the SLA worker. */
export function createSlaWorker(deps: WorkerDeps): Worker & { handle(job: WorkerJob): Promise<void> } {
  const { db, calendars, clock, policy } = deps;

  async function slaStart(job: WorkerJob): Promise<void> {
    const dossier = await dossierOfJob(db, job);
    const calendar = await calendars.forAgency(dossier.receiving_agency_id);
    const limit = parseTimeLimit(job.customHeaders.timeLimit);
    const v = job.variables;
    const kept = job.customHeaders.clockFrom === 'keep' ? instantVar(v.clockStartedAt) : undefined;
    const start = kept ?? instantVar(v.supplementReceivedAt) ?? instantVar(v.receivedAt) ?? dossier.received_at ?? clock.now();
    const times = dossierTimes(calendar, start, limit, policy);
    await job.complete({ clockStartedAt: formatVnInstant(start), dossierDue: formatVnInstant(times.due), dossierDueSoon: formatVnInstant(times.dueSoon) });
  }

  async function slaStep(job: WorkerJob): Promise<void> {
    const hours = Number(job.customHeaders.slaHours);
    if (!(hours > 0)) throw new Error(`${job.elementId}: slaHours header missing or not positive`);
    const dossier = await dossierOfJob(db, job);
    const calendar = await calendars.forAgency(dossier.handling_agency_id ?? dossier.receiving_agency_id);
    // A same-day procedure's steps are scaled to fit the office day (api/domain/sla/same-day.ts).
    const fitted = sameDayStepHours(calendar, clock.now(), job.elementId, hours, await sameDayPathOf(job));
    const times = stepTimes(calendar, clock.now(), fitted, policy);
    await job.complete({ due: formatVnInstant(times.due), dueSoon: formatVnInstant(times.dueSoon) });
  }

  // The same-day path of each deployed definition, read once from the engine (unreadable: no scaling, retried next time).
  const paths = new Map<string, Promise<SameDayPath | null>>();
  function sameDayPathOf(job: WorkerJob): Promise<SameDayPath | null> {
    let path = paths.get(job.processDefinitionKey);
    if (!path) {
      path = deps.engine.getProcessDefinitionXml(job.processDefinitionKey)
        .then((xml) => processSameDayPath(xml, job.bpmnProcessId))
        .catch(() => { paths.delete(job.processDefinitionKey); return null; });
      paths.set(job.processDefinitionKey, path);
    }
    return path;
  }

  async function slaPause(job: WorkerJob): Promise<void> {
    const dossier = await dossierOfJob(db, job);
    const calendar = await calendars.forAgency(dossier.receiving_agency_id);
    await job.complete({ supplementDeadline: formatVnInstant(supplementDeadline(calendar, clock.now(), policy)) });
  }

  const handlers = { 'sla-start': slaStart, 'sla-step': slaStep, 'sla-pause': slaPause };
  const workers = jobWorkers(deps.engine, handlers);
  return {
    ...workers,
    handle: (job) => handlers[job.type as keyof typeof handlers](job),
  };
}
