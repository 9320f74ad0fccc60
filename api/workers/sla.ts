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
import { supplementDeadline, type SameDayPath } from '../domain/sla/index.ts';
import type { WorkerJob } from '../../engine-adapter/workflow-engine.ts';
import { dossierCodeOf, dossierOfJob, instantVar, jobWorkers, type Worker, type WorkerDeps } from './context.ts';
import { dossierTimes, parseTimeLimit, processSameDayPath, sameDayStepHours, stepTimes } from './sla-times.ts';
import { preparing } from '../db/prepared-statements.ts';

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
    // A same-day procedure's steps are scaled to fit the office day (api/domain/sla/same-day.ts).
    const fitted = sameDayStepHours(calendar, clock.now(), job.elementId, hours, await sameDayPathOf(job));
    const times = stepTimes(calendar, clock.now(), fitted, policy);
    await job.complete({ due: formatVnInstant(times.due), dueSoon: formatVnInstant(times.dueSoon) });
  }

  // The same-day path of each deployed definition, read once from the engine (unreadable: no scaling, retried next time).
  const paths = new Map<string, Promise<SameDayPath | null>>();
  function sameDayPathOf(job: WorkerJob, sameDay = false): Promise<SameDayPath | null> {
    const key = `${job.processDefinitionKey}:${sameDay}`;
    let path = paths.get(key);
    if (!path) {
      path = deps.engine.getProcessDefinitionXml(job.processDefinitionKey)
        .then((xml) => processSameDayPath(xml, job.bpmnProcessId, { sameDay }))
        .catch(() => { paths.delete(key); return null; });
      paths.set(key, path);
    }
    return path;
  }

  async function stepDue(job: WorkerJob): Promise<void> {
    const hours = Number(job.customHeaders.slaHours);
    if (!(hours > 0)) throw new Error(`${job.elementId}: slaHours header missing or not positive`);
    // Every step of every dossier comes here: one narrow row (its agencies and its procedure's limit), not the whole dossier.
    const code = dossierCodeOf(job);
    const dossier = await preparing(db).selectFrom('dossiers').leftJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
      .select(['dossiers.handling_agency_id', 'dossiers.receiving_agency_id', 'procedures.legal_limit']).where('dossiers.code', '=', code).executeTakeFirst();
    if (!dossier) throw new Error(`${job.elementId}: no dossier ${code}`);
    const calendar = await calendars.forAgency(dossier.handling_agency_id ?? dossier.receiving_agency_id);
    // A same-day procedure's steps are scaled to fit the office day (api/domain/sla/same-day.ts).
    const sameDay = (dossier.legal_limit as { kind?: string } | null)?.kind === 'sameDay';
    const fitted = sameDay ? sameDayStepHours(calendar, clock.now(), job.elementId, hours, await sameDayPathOf(job, true)) : hours;
    const { due } = stepTimes(calendar, clock.now(), fitted, policy);
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
