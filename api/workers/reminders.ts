/**
 * Reminders and escalations from the due dates kept in our database, not from timers drawn in the
 * processes (processes/README.md): run by the SLA sweep, each sent once (the notifier's dedupe key
 * names the event, the dossier, the step, the recipient and the deadline — a new deadline after a
 * supplement or an extension gets its own reminder).
 *
 * - Step (an open task, a user task or a handoff to another agency, `tasks.due_at`): due soon →
 *   `step-due-soon` to the assignee; due → `step-overdue` to the assignee, the supervisor, and the
 *   leader a few working hours later.
 * - Dossier (clock running: accepted, processing, decided; `dossiers.due_at`): due soon (the apology
 *   and extension prompt, form 04) → `dossier-due-soon` to the specialist, the leader and the
 *   receptionist; due → `dossier-overdue` to the supervisor and, later, the leader.
 *
 * A procedure with a longer limit when verification is needed (`extra.extendedTimeLimit`) has that
 * limit, counted from the clock start, once a verification step was opened for the dossier.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import { dueAt, type TimeLimit } from '../domain/calendar/index.ts';
import { stateFromJson } from '../services/dossier-codec.ts';
import type { WorkerDeps } from './context.ts';
import type { NotifyEvent } from './notify.ts';
import { dossierDueSoonAt, dueSoonAt } from './sla-times.ts';
import { markRemindersWalked, remindBasisTracker, remindersWalkedOn } from '../services/remind-basis.ts';
import {
  DOSSIER_REMIND_PENDING, dossierRemindDueNow, markChecked, markDossiersChecked, markDossiersReminded, markReminded, REMIND_PENDING, remindDueNow, remindNextAt,
  type CheckMark, type DossierReminderMark, type ReminderMark,
} from './reminder-marks.ts';

/** Statuses in which the dossier's clock runs. */
export const CLOCK_RUNNING = ['accepted', 'processing', 'decided'] as const;

/** The reminder sweep's dependencies: the shared notifier (stores the events' notifications; returns how many were new). */
export interface ReminderDeps extends WorkerDeps {
  notify(events: NotifyEvent[]): Promise<number>;
}

/** When the current time limit of a dossier started: the end of its last supplement pause, else its receipt. */
export function clockStart(dossier: Dossier): Date | null {
  const state = stateFromJson(dossier.state);
  const resumed = state.pauses.filter((p) => p.kind === 'supplement' && p.to).map((p) => p.to!.getTime());
  if (resumed.length) return new Date(Math.max(...resumed));
  return state.receivedAt ?? dossier.received_at ?? null;
}

/** The longer limit of each procedure, read once per pass. */
type LimitCache = Map<string, Promise<TimeLimit | undefined>>;

async function extendedLimit(db: Kysely<Database>, dossier: Dossier, cache: LimitCache): Promise<TimeLimit | null> {
  if (!cache.has(dossier.procedure_id)) {
    cache.set(dossier.procedure_id, db.selectFrom('procedures').select('extra').where('id', '=', dossier.procedure_id).executeTakeFirst()
      .then((row) => (row?.extra as { extendedTimeLimit?: { timeLimit?: TimeLimit } | null } | undefined)?.extendedTimeLimit?.timeLimit));
  }
  const ext = await cache.get(dossier.procedure_id);
  if (!ext) return null;
  const verification = await db.selectFrom('tasks').select('key').where('dossier_id', '=', dossier.id).where('step', '=', 'verification').executeTakeFirst();
  return verification ? ext : null;
}

/** Rows read at once by a reminder pass. */
const BATCH = 1000;

/** Reminders this process already sent (or found sent): not resolved again. Bounded; the dedupe keys stay the guarantee. */
const MEMO_LIMIT = 50_000;

/**
 * Creates the reminder pass of the sweep; returns how many notifications it stored. `basis`: the version the
 * sweep read for this pass (`remindBasisTracker`); read by the pass itself when not given.
 */
export function createReminders(deps: ReminderDeps): (now: Date, basis?: number) => Promise<number> {
  const { db, calendars, policy } = deps;
  const sent = new Set<string>();
  const keyOf = (event: string, code: string, step: string | undefined, deadline: Date) => `${event}:${code}:${step ?? '-'}@${deadline.toISOString()}`;
  const known = (event: string, code: string, step: string | undefined, deadline: Date) => sent.has(keyOf(event, code, step, deadline));
  /** Stores a batch's reminders not yet sent by this process, all at once, and remembers them. */
  const send = async (events: NotifyEvent[]): Promise<number> => {
    const fresh = events.filter((n) => !known(n.event, n.dossier.code, n.step, n.deadline!));
    if (!fresh.length) return 0;
    const stored = await deps.notify(fresh);
    if (sent.size + fresh.length > MEMO_LIMIT) sent.clear();
    for (const n of fresh) sent.add(keyOf(n.event, n.dossier.code, n.step, n.deadline!));
    return stored;
  };

  async function steps(now: Date, basis: number, full: boolean): Promise<number> {
    // Only the steps not yet marked told for their deadline (pending): the overdue backlog is read once, not every
    // minute. On the basis of the last whole walk (`remind_basis.reminders_walked`, by any process), of those only the
    // ones due now by their next instant (`tasks_remind_next_idx`): the held ones (told due soon, or checked and not
    // yet due soon) are not read; every minute they were all read to find none, 98 ms at 1M (bench/README.md, "The
    // reminder pass walked the rows it holds"). Otherwise (no walk yet, or the basis moved since) every pending row
    // with a reminder possibly due (`tasks_remind_pending_idx`), so a check made on another basis is made again. No
    // horizon: a row not yet due soon is checked once and held until its instant. Keyset batches: memory stays
    // bounded whatever the backlog.
    // The tasks alone, their dossiers' codes after: joined in one statement, the planner estimated the pending rows
    // as every open task and scanned all of them in parallel through `tasks_open_due_idx` (0.6 s a minute at 1M).
    const next = remindNextAt('tasks');
    const order = full ? sql<Date>`tasks.due_at` : next;
    const batch = (after: { at: Date; key: string } | undefined) => db.selectFrom('tasks')
      .select(['tasks.key', 'tasks.step', 'tasks.agency_id', 'tasks.created_at', 'tasks.due_at', 'tasks.dossier_id', order.as('walk_at')])
      .where('tasks.state', '=', 'CREATED').where('tasks.due_at', 'is not', null).where(REMIND_PENDING)
      .where(full ? remindDueNow(now, basis) : sql<boolean>`${next} <= ${now}`)
      .where('tasks.dossier_id', 'is not', null)
      .$if(after !== undefined, (q) => q.where(sql<boolean>`(${order}, tasks.key) > (${after!.at}, ${after!.key})`))
      .orderBy(order).orderBy('tasks.key').limit(BATCH).execute();
    let stored = 0;
    for (let open = await batch(undefined); open.length; open = open.length < BATCH ? [] : await batch({ at: open.at(-1)!.walk_at, key: open.at(-1)!.key })) {
      const marks: ReminderMark[] = [];
      const checks: CheckMark[] = [];
      const codes = new Map((await db.selectFrom('dossiers').select(['id', 'code']).where('id', 'in', [...new Set(open.map((t) => t.dossier_id!))]).execute())
        .map((d) => [d.id, d.code]));
      const due: Array<{ dossierId: string; step: string | undefined; deadline: Date; overdue: boolean }> = [];
      for (const t of open) {
        const code = codes.get(t.dossier_id!);
        if (code === undefined) continue;
        const deadline = t.due_at!;
        const step = t.step ?? undefined;
        const overdue = now >= deadline;
        if (!known(overdue ? 'step-overdue' : 'step-due-soon', code, step, deadline)) {
          const calendar = await calendars.forAgency(t.agency_id);
          const soon = dueSoonAt(calendar, t.created_at, deadline, policy);
          if (now < soon) {
            checks.push({ id: t.key, due: deadline, dueSoon: soon }); // not read again before then
            continue;
          }
          due.push({ dossierId: t.dossier_id!, step, deadline, overdue });
        }
        marks.push({ key: t.key, due: deadline, overdue });
      }
      // The batch's reminders stored together (one statement per 500 notifications, not a transaction each), before
      // its marks: a pass stopped between them sends the batch again, and the dedupe keys keep each one single.
      const byId = due.length ? new Map((await db.selectFrom('dossiers').selectAll().where('id', 'in', [...new Set(due.map((d) => d.dossierId))]).execute()).map((d) => [d.id, d])) : new Map();
      stored += await send(due.flatMap(({ dossierId, step, deadline, overdue }) => {
        const dossier = byId.get(dossierId);
        if (!dossier) return [];
        const soon: NotifyEvent = { event: 'step-due-soon', recipients: 'assignee', step, dossier, deadline };
        return overdue ? [soon, { event: 'step-overdue', recipients: 'assignee,leader,supervisor', step, dossier, deadline }] : [soon];
      }));
      await markReminded(db, marks);
      await markChecked(db, checks, basis);
    }
    return stored;
  }

  async function dossiers(now: Date, basis: number, full: boolean): Promise<number> {
    // As for the steps: the pending dossiers due now by their next instant (`dossiers_remind_next_idx`) on the basis
    // of the last whole walk, else every pending dossier with a reminder possibly due (`dossiers_remind_pending_idx`).
    const next = remindNextAt('dossiers');
    const order = full ? sql<Date>`dossiers.due_at` : next;
    const batch = (after: { at: Date; id: string } | undefined) => db.selectFrom('dossiers').selectAll().select(order.as('walk_at'))
      .where(DOSSIER_REMIND_PENDING).where(full ? dossierRemindDueNow(now, basis) : sql<boolean>`${next} <= ${now}`)
      .$if(after !== undefined, (q) => q.where(sql<boolean>`(${order}, dossiers.id) > (${after!.at}, ${after!.id})`))
      .orderBy(order).orderBy('dossiers.id').limit(BATCH).execute();
    let stored = 0;
    const limits: LimitCache = new Map();
    for (let running = await batch(undefined); running.length; running = running.length < BATCH ? [] : await batch({ at: running.at(-1)!.walk_at, id: running.at(-1)!.id })) {
      const marks: DossierReminderMark[] = [];
      const checks: CheckMark[] = [];
      const events: NotifyEvent[] = [];
      for (const dossier of running) {
        const start = clockStart(dossier);
        if (!start) continue;
        const calendar = await calendars.forAgency(dossier.receiving_agency_id);
        // A longer limit only moves the instants later: nothing to do before the due-soon of the date in force.
        const soon = dossierDueSoonAt(calendar, start, dossier.due_at!, policy);
        if (now < soon) {
          checks.push({ id: dossier.id, due: dossier.due_at!, dueSoon: soon });
          continue;
        }
        const longer = await extendedLimit(db, dossier, limits);
        const extended = longer ? dueAt(calendar, start, longer) : null;
        const due = extended && extended > dossier.due_at! ? extended : dossier.due_at!;
        const later = dossierDueSoonAt(calendar, start, due, policy);
        if (now < later) {
          // The longer limit applies once a verification step exists, and such a step stays: its instant holds.
          checks.push({ id: dossier.id, due: dossier.due_at!, dueSoon: later });
          continue;
        }
        events.push({ event: 'dossier-due-soon', recipients: 'specialist,leader,receptionist', dossier, deadline: due });
        if (now >= due) events.push({ event: 'dossier-overdue', recipients: 'leader,supervisor', dossier, deadline: due });
        marks.push({ id: dossier.id, dueAt: dossier.due_at!, due, overdue: now >= due });
      }
      stored += await send(events); // as for the steps: together, before the marks
      await markDossiersReminded(db, marks);
      await markDossiersChecked(db, checks, basis);
    }
    return stored;
  }

  const basisOf = remindBasisTracker(db, calendars, policy);
  /** The basis of the last whole walk over every pending row (by any process: read at the first pass); null before one. */
  let walkedOn: number | null | undefined;
  return async (now, basis) => {
    basis ??= await basisOf(now);
    if (walkedOn === undefined) walkedOn = await remindersWalkedOn(db);
    const full = walkedOn !== basis;
    const stored = (await steps(now, basis, full)) + (await dossiers(now, basis, full));
    if (full) await markRemindersWalked(db, basis);
    walkedOn = basis;
    return stored;
  };
}
