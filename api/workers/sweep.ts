/**
 * The SLA sweep, every `slaSweepSeconds` (driven by hand in tests): moves open tasks between
 * in time / due soon / overdue (`tasks.sla_state`, with the calendar of the task's agency), sends
 * the step and dossier reminders and escalations whose time has come (`reminders.ts`, each once),
 * delivers deferred notifications whose time has come — within working time only — and alerts
 * reception of online dossiers whose 8-working-hour review is due soon or overdue (`review-alert.ts`).
 */
import { sql } from 'kysely';
import { isWorkingInstant, nextWorkingInstant } from '../domain/calendar/index.ts';
import { classifyOpen } from '../domain/sla/index.ts';
import { deliverDeferred, dueDeferred, type NotificationBus } from '../services/notifications.ts';
import { rollupOpenStepCounts } from '../services/supervision-counts.ts';
import { rollupReportCounters } from '../services/report-counters.ts';
import type { Worker, WorkerDeps } from './context.ts';
import { alertOnlineReviews } from './review-alert.ts';
import { createNotifier } from './notify.ts';
import { createReminders } from './reminders.ts';
import { markSlaClassified, remindBasisTracker, slaClassifiedOn } from '../services/remind-basis.ts';
import { dueSoonBounds, withinBound } from './sla-bounds.ts';

/** Deferred notifications read at a time, and at most delivered by one run of the sweep. */
const DELIVER_BATCH = 200;
const DELIVER_PER_RUN = 5_000;

export interface SweepDeps extends WorkerDeps {
  bus: NotificationBus;
  email: boolean;
  intervalMs: number;
}

/** The sweep: `runOnce()` for tests, `start()`/`stop()` for the periodic run. */
export interface Sweep extends Worker {
  runOnce(): Promise<{ tasks: number; reminders: number; delivered: number; reviewAlerts: number }>;
}

/** Creates the sweep. */
export function createSweep(deps: SweepDeps): Sweep {
  const { db, calendars, clock, policy } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const remind = createReminders({ ...deps, notify: createNotifier(deps) });
  const basisOf = remindBasisTracker(db, calendars, policy);

  /** The basis (calendars and policy, `remind_basis`) of the last full classification, as stored; read at the first pass. */
  let classifiedOn: number | null | undefined;

  /**
   * Moves open tasks between in time / due soon / overdue, in SQL, each agency's due-soon bound from its
   * calendar; rows already right are not written. After a start, or once the calendars or the policy changed
   * (the basis moved: a bound may have moved back), every open task not yet overdue and due before the latest
   * bound is classified (index `tasks_sla_pending_idx`). The version of that pass is stored (`remind_basis.sla_classified`),
   * so a restart on the same basis does not repeat it. Otherwise a task only moves forward, so only what
   * crosses is read: the in-time tasks within the bound (`tasks_sla_in_time_idx`) and the tasks not yet overdue
   * already past their due instant. Tasks never classified (new, or their due date moved: the projector
   * clears `sla_state`) always are (`tasks_sla_unset_idx`).
   */
  async function sweepTasks(now: Date, basis: number): Promise<number> {
    const bounds = await dueSoonBounds(db, calendars, now, policy);
    if (!bounds) return sweepTasksByStart(now);
    const target = sql<string>`case when tasks.due_at < ${now} then 'overdue' when ${withinBound(bounds)} then 'due_soon' else 'in_time' end`;
    let moved = 0;
    if (classifiedOn === undefined) classifiedOn = await slaClassifiedOn(db);
    if (classifiedOn !== basis) {
      const all = await db.updateTable('tasks').set({ sla_state: target })
        .where('state', '=', 'CREATED').where('due_at', '<=', bounds.max).where(sql<boolean>`(sla_state is null or sla_state <> 'overdue')`)
        .where(sql<boolean>`sla_state is distinct from ${target}`).executeTakeFirst();
      // A bound moved back (more working time before it): due soon beyond the latest bound is in time again.
      const back = await db.updateTable('tasks').set({ sla_state: 'in_time' })
        .where('state', '=', 'CREATED').where('sla_state', '=', 'due_soon').where('due_at', '>', bounds.max).executeTakeFirst();
      moved += Number(all.numUpdatedRows) + Number(back.numUpdatedRows);
      await markSlaClassified(db, basis);
      classifiedOn = basis;
    } else {
      const overdue = await db.updateTable('tasks').set({ sla_state: 'overdue' })
        .where('state', '=', 'CREATED').where('due_at', '<', now).where(sql<boolean>`(sla_state is null or sla_state <> 'overdue')`).executeTakeFirst();
      const soon = await db.updateTable('tasks').set({ sla_state: 'due_soon' })
        .where('state', '=', 'CREATED').where('sla_state', '=', 'in_time').where('due_at', '<=', bounds.max).where('due_at', '>=', now)
        .where(withinBound(bounds)).executeTakeFirst();
      moved += Number(overdue.numUpdatedRows) + Number(soon.numUpdatedRows);
    }
    const unset = await db.updateTable('tasks').set({ sla_state: target })
      .where('state', '=', 'CREATED').where('due_at', 'is not', null).where('sla_state', 'is', null).executeTakeFirst();
    return moved + Number(unset.numUpdatedRows);
  }

  /** Under a fraction threshold (each step's share of its own time), every open task is classified with its start. */
  async function sweepTasksByStart(now: Date): Promise<number> {
    const open = await db.selectFrom('tasks').select(['key', 'agency_id', 'created_at', 'due_at', 'sla_state']).where('state', '=', 'CREATED').where('due_at', 'is not', null).execute();
    let changed = 0;
    for (const t of open) {
      const calendar = await calendars.forAgency(t.agency_id);
      const state = classifyOpen(calendar, t.created_at, t.due_at!, now, policy.dueSoon);
      if (state === t.sla_state) continue;
      await db.updateTable('tasks').set({ sla_state: state }).where('key', '=', t.key).execute();
      changed += 1;
    }
    return changed;
  }

  async function deliver(now: Date): Promise<number> {
    let delivered = 0;
    // Batch after batch (each handled row leaves the pending set: delivered, or moved past now), so a backlog
    // (a Monday morning's deferred reminders) is delivered in one run, up to DELIVER_PER_RUN.
    for (let handled = 0; handled < DELIVER_PER_RUN;) {
      const due = await dueDeferred(db, now, DELIVER_BATCH);
      for (const n of due) {
        const calendar = await calendars.forAgency(n.agency_id);
        const later = isWorkingInstant(calendar, now) ? null : nextWorkingInstant(calendar, now);
        const row = await deliverDeferred(db, String(n.id), now, later, deps.email);
        if (row) {
          deps.bus.publish(row);
          delivered += 1;
        }
      }
      handled += due.length;
      if (due.length < DELIVER_BATCH) break;
    }
    return delivered;
  }

  async function runOnce() {
    const now = clock.now();
    const basis = await basisOf(now); // before any calendar is used: a moved basis drops the cached ones
    const tasks = await sweepTasks(now, basis);
    await rollupOpenStepCounts(db); // the supervisor's open-step counters take in the deltas of the tasks written since
    await rollupReportCounters(db); // and the report counters those of the dossiers
    const reminders = await remind(now, basis);
    const reviewAlerts = await alertOnlineReviews(deps, now);
    return { tasks, reminders, delivered: await deliver(now), reviewAlerts };
  }

  return {
    runOnce,
    start() {
      let busy = false;
      timer ??= setInterval(() => {
        if (busy) return;
        busy = true;
        running = runOnce().catch((err: unknown) => deps.log.error({ err }, 'SLA sweep failed')).finally(() => { busy = false; });
      }, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
