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
import { recordNotifications, type NewNotificationInput, type NotificationBus } from '../services/notifications.ts';
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

/** One notification event about a dossier, as a `notify` job or the reminder sweep raises it. */
export interface NotifyEvent {
  event: string;
  /** Comma list of recipient roles (see recipients.ts). */
  recipients: string;
  step?: string;
  dossier: Dossier;
  /** The deadline the event is about (part of the dedupe key: a new deadline gets its own reminder). */
  deadline?: Date;
}

/**
 * The notification sender shared by the `notify` job worker and the reminder sweep: stores one notification per
 * recipient of each event (deduplicated), all the events' rows in a few statements; returns how many were new.
 */
export function createNotifier(deps: NotifyWorkerDeps): (events: NotifyEvent[]) => Promise<number> {
  const { db, calendars, clock } = deps;

  /** The leader hears of an overdue step or dossier a few working hours after it fell due (the sweep may see it later). */
  async function deliverAt(n: NotifyEvent, r: Recipient, now: Date, leaderDelay: (procedureId: string) => Promise<number>): Promise<Date> {
    const calendar = await calendars.forAgency(r.agencyId);
    // A delay ending at a closing time (11:30, 17:00) is delivered when the office opens again.
    if (OVERDUE_EVENTS.has(n.event) && r.role === 'leader') {
      const from = n.deadline && n.deadline < now ? n.deadline : now;
      return nextWorkingInstant(calendar, afterWorkingHours(calendar, from, await leaderDelay(n.dossier.procedure_id)));
    }
    return nextWorkingInstant(calendar, now);
  }

  return async (events: NotifyEvent[]): Promise<number> => {
    if (!events.length) return 0;
    const now = clock.now();
    // A procedure's name and escalation delay, read once for all the events.
    const procedures = new Map<string, Promise<{ name_vi: string; extra: Record<string, unknown> | null } | undefined>>();
    const procedure = (id: string) => {
      if (!procedures.has(id)) procedures.set(id, db.selectFrom('procedures').select(['name_vi', 'extra']).where('id', '=', id).executeTakeFirst());
      return procedures.get(id)!;
    };
    const leaderDelay = async (id: string) => {
      const hours = ((await procedure(id))?.extra?.escalation as { leaderAfterHours?: unknown } | undefined)?.leaderAfterHours;
      return typeof hours === 'number' && hours >= 0 ? hours : DEFAULT_LEADER_AFTER_HOURS;
    };
    const inputs: NewNotificationInput[] = [];
    for (const n of events) {
      const { dossier, event, step, deadline } = n;
      const names = stepName(step);
      const texts = messageFor(event, { dossierCode: dossier.code, procedureName: (await procedure(dossier.procedure_id))?.name_vi ?? '', stepName: names?.vi ?? null, due: deadline ? vnShortDateTime(deadline) : null }, names?.en ?? null);
      for (const r of await resolveRecipients(db, dossier, n.recipients, step)) {
        inputs.push({
          userId: r.userId, kind: event, dossierCode: dossier.code, taskKey: r.taskKey, agencyId: r.agencyId, ...texts,
          dedupeKey: `${event}:${dossier.code}:${step ?? '-'}:${r.userId ?? 'applicant'}@${deadline?.toISOString() ?? '-'}`,
          deliverAt: await deliverAt(n, r, now, leaderDelay),
        });
      }
    }
    const rows = await recordNotifications(db, inputs, now, deps.email);
    for (const row of rows) if (row.delivered_at) deps.bus.publish(row);
    return rows.length;
  };
}

/** Creates the notification worker. */
export function createNotifyWorker(deps: NotifyWorkerDeps): Worker & { handle(job: WorkerJob): Promise<void> } {
  const notify = createNotifier(deps);

  async function handle(job: WorkerJob): Promise<void> {
    const { event, recipients = '', step } = job.customHeaders;
    if (!event) throw new Error(`${job.elementId}: event header missing`);
    const dossier = await dossierOfJob(deps.db, job);
    await notify([{ event, recipients, step, dossier, deadline: deadlineOf(event, step, job.variables) }]);
    await job.complete();
  }

  return { ...jobWorkers(deps.engine, { notify: handle }), handle };
}
