/**
 * The SLA worker. `motcua-step-due`: the `creating` task listener of every step (user task) — the
 * step's due date, `slaHours` working hours from now in the calendar of the agency handling the
 * dossier, set on the task as the listener's correction (`result.corrections.dueDate`, ISO with
 * +07:00) before the task is created. See processes/README.md for the contract.
 *
 * Still served for instances of process versions drawn before the business diagrams (and uploads
 * of that shape that are running): `sla-start` (dossier due date and due-soon instant, from the clock start and
 * the `timeLimit` header), `sla-step` (a step's due and due-soon from `slaHours`) and
 * `sla-pause` (the supplement deadline), whose results the old diagrams' timers read.
 */
import { formatVnInstant } from '../domain/calendar/index.ts';
import { supplementDeadline } from '../domain/sla/index.ts';
import type { WorkerJob } from '../../engine-adapter/workflow-engine.ts';
import { dossierOfJob, instantVar, jobWorkers, type Worker, type WorkerDeps } from './context.ts';
import { dossierTimes, parseTimeLimit, stepTimes } from './sla-times.ts';

/** The job types served. */
export const SLA_JOB_TYPES = ['motcua-step-due', 'sla-start', 'sla-step', 'sla-pause'] as const;

/** The job type of the steps' `creating` task listener. */
export const STEP_DUE_JOB_TYPE = 'motcua-step-due';

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
    const times = stepTimes(calendar, clock.now(), hours, policy);
    await job.complete({ due: formatVnInstant(times.due), dueSoon: formatVnInstant(times.dueSoon) });
  }

  async function stepDue(job: WorkerJob): Promise<void> {
    const hours = Number(job.customHeaders.slaHours);
    if (!(hours > 0)) throw new Error(`${job.elementId}: slaHours header missing or not positive`);
    const dossier = await dossierOfJob(db, job);
    const calendar = await calendars.forAgency(dossier.handling_agency_id ?? dossier.receiving_agency_id);
    const { due } = stepTimes(calendar, clock.now(), hours, policy);
    await job.complete(undefined, { corrections: { dueDate: formatVnInstant(due) } });
  }

  async function slaPause(job: WorkerJob): Promise<void> {
    const dossier = await dossierOfJob(db, job);
    const calendar = await calendars.forAgency(dossier.receiving_agency_id);
    await job.complete({ supplementDeadline: formatVnInstant(supplementDeadline(calendar, clock.now(), policy)) });
  }

  const handlers = { [STEP_DUE_JOB_TYPE]: stepDue, 'sla-start': slaStart, 'sla-step': slaStep, 'sla-pause': slaPause };
  const workers = jobWorkers(deps.engine, handlers);
  return {
    ...workers,
    handle: (job) => handlers[job.type as keyof typeof handlers](job),
  };
}
