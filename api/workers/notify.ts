/**
 * The notification worker (`notify` jobs): resolves the recipients, stores one notification per
 * recipient under a dedupe key `event:dossier:step:user@due` (a job run twice, or a timer fired
 * again for the same deadline, never notifies twice; a new deadline — after a supplement or an
 * extension — gets its own reminder).
 *
 * Never outside working time: a notification is stored at once but delivered (shown, streamed,
 * e-mailed) at the next working instant of the recipient's agency — the job itself completes at
 * once, so the process never waits on a reminder. Escalation: at `step-overdue` and
 * `dossier-overdue` the assignee and the supervisor are told at once, the leader after
 * `procedures.extra.escalation.leaderAfterHours` working hours (default 4); the sweep delivers
 * deferred rows.
 */
import { nextWorkingInstant } from '../domain/calendar/index.ts';
import type { Dossier } from '../db/database.ts';
import { vnShortDateTime } from '../forms/vn-format.ts';
import { recordNotification, type NotificationBus } from '../services/notifications.ts';
import type { WorkerJob } from '../../engine-adapter/workflow-engine.ts';
import { dossierOfJob, instantVar, jobWorkers, type Worker, type WorkerDeps } from './context.ts';
import { messageFor, stepName } from './messages.ts';
import { resolveRecipients, type Recipient } from './recipients.ts';
import { afterWorkingHours } from './sla-times.ts';

/** Working hours before the leader hears of an overdue step or dossier, when the procedure says nothing. */
export const DEFAULT_LEADER_AFTER_HOURS = 4;

const OVERDUE_EVENTS = new Set(['step-overdue', 'dossier-overdue']);

export interface NotifyWorkerDeps extends WorkerDeps {
  bus: NotificationBus;
  /** Whether e-mails are sent (SMTP configured). */
  email: boolean;
}

/** The deadline an event is about, from the job's variables. */
function deadlineOf(event: string, step: string | undefined, v: Record<string, unknown>): Date | undefined {
  if (event.startsWith('step-') && step) return instantVar((v.stepDue as Record<string, unknown> | undefined)?.[step]);
  if (event.startsWith('dossier-')) return instantVar(v.dossierDue);
  if (event.startsWith('supplement-')) return instantVar(v.supplementDeadline);
  return undefined;
}

/** Creates the notification worker. */
export function createNotifyWorker(deps: NotifyWorkerDeps): Worker & { handle(job: WorkerJob): Promise<void> } {
  const { db, calendars, clock } = deps;

  async function leaderDelay(dossier: Dossier): Promise<number> {
    const row = await db.selectFrom('procedures').select(['extra']).where('id', '=', dossier.procedure_id).executeTakeFirst();
    const hours = (row?.extra?.escalation as { leaderAfterHours?: unknown } | undefined)?.leaderAfterHours;
    return typeof hours === 'number' && hours >= 0 ? hours : DEFAULT_LEADER_AFTER_HOURS;
  }

  async function deliverAt(event: string, r: Recipient, dossier: Dossier, now: Date): Promise<Date> {
    const calendar = await calendars.forAgency(r.agencyId);
    // A delay ending at a closing time (11:30, 17:00) is delivered when the office opens again.
    if (OVERDUE_EVENTS.has(event) && r.role === 'leader') return nextWorkingInstant(calendar, afterWorkingHours(calendar, now, await leaderDelay(dossier)));
    return nextWorkingInstant(calendar, now);
  }

  async function handle(job: WorkerJob): Promise<void> {
    const { event, recipients = '', step } = job.customHeaders;
    if (!event) throw new Error(`${job.elementId}: event header missing`);
    const dossier = await dossierOfJob(db, job);
    const procedure = await db.selectFrom('procedures').select('name_vi').where('id', '=', dossier.procedure_id).executeTakeFirst();
    const deadline = deadlineOf(event, step, job.variables);
    const names = stepName(step);
    const texts = messageFor(event, { dossierCode: dossier.code, procedureName: procedure?.name_vi ?? '', stepName: names?.vi ?? null, due: deadline ? vnShortDateTime(deadline) : null }, names?.en ?? null);
    const now = clock.now();
    for (const r of await resolveRecipients(db, dossier, recipients, step)) {
      const dedupeKey = `${event}:${dossier.code}:${step ?? '-'}:${r.userId ?? 'applicant'}@${deadline?.toISOString() ?? '-'}`;
      const row = await recordNotification(db, {
        userId: r.userId, kind: event, dossierCode: dossier.code, taskKey: r.taskKey, agencyId: r.agencyId, ...texts, dedupeKey,
        deliverAt: await deliverAt(event, r, dossier, now),
      }, now, deps.email);
      if (row?.delivered_at) deps.bus.publish(row);
    }
    await job.complete();
  }

  return { ...jobWorkers(deps.engine, { notify: handle }), handle };
}
