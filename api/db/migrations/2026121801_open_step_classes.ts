/**
 * The open-step counters (2026120801) keyed by the SLA sweep's class of each task instead of its due hour.
 *
 * By due hour, the supervisor's summary at 1M dossiers read ~3,700 counter rows (one per group and hour
 * ahead) and, in the hour of each agency's due-soon bound, ~50 open steps per agency one by one (3,574 tasks,
 * 13 of its 26 ms): the cost grew with the density of due instants. Keyed by class, a group has at most
 * five rows, and the summary reads only the tasks whose stored class may differ from their bucket now
 * (`api/services/supervision-counts.ts`): those the sweep has not classified yet and those that crossed a
 * line since it ran (about a minute of due instants).
 *
 * `sla_class`: `none` (no due date: in time for ever), the task's `sla_state` when it is `in_time`,
 * `due_soon` or `overdue`, else `unset` (not classified yet: new, or its due date moved — the projector
 * clears `sla_state`). The sweep's moves between classes reach the counters through the same triggers
 * (`sla_state` was already a counted column). `open_step_counts_fold` (2026121502) goes: no row is kept
 * per past hour. Index `tasks_sla_overdue_idx`: the overdue steps not yet due (a clock set back), an empty
 * range otherwise.
 *
 * `open_steps_maybe_stale(now, lo, hi)`: the open steps (with their class) whose class may differ from their bucket at `now`
 * (`lo`, `hi`: the earliest and latest due-soon bound of the agencies asked about), five ranges, each read by
 * its partial index with a plain index scan (bitmap and sequential scans off for the function): a step the
 * sweep classed leaves a dead entry in the range it left (unset, in time, …) until a vacuum of `tasks`; a
 * bitmap scan visits the heap page of every such entry each time (11,839 entries, 4,670 pages, 14 ms at 1M
 * after the bench's receptions), a plain index scan marks the dead ones once and skips them afterwards
 * (0.5 ms). Without the settings the planner chose bitmap scans, its estimates coming from `due_at`'s
 * statistics over every task (98,654 rows expected in the past-due range, none there). One generic plan per
 * connection (`plan_cache_mode`): planned for its values, the statement probed each range's end of the
 * index past the same dead entries (`get_actual_variable_range`), 27 ms of planning at the 10,000; and no
 * parallel workers (the generic plan's estimates started two for a few rows: 12–15 ms a call).
 */
import { sql, type Kysely } from 'kysely';
import { createCounterFunctions, createCounterTables, recountCounters, type CounterKey } from './2026120801_open_step_counts.ts';
import { up as createFold } from './2026121502_open_step_past_slots.ts';

/** The class of a task row `r` as the counters key it. */
const slaClass = (r: string) =>
  `case when ${r}.due_at is null then 'none' when ${r}.sla_state in ('in_time', 'due_soon', 'overdue') then ${r}.sla_state else 'unset' end`;

const BY_CLASS: CounterKey = { columns: ['sla_class'], types: ['text'], values: (r) => [slaClass(r)] };

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists open_step_counts_fold(timestamptz)`.execute(db);
  await sql`drop table open_step_deltas`.execute(db);
  await sql`drop table open_step_counts`.execute(db);
  // As 2026120801's, with the class in place of the due hour and flag.
  await createCounterTables(db, BY_CLASS);
  await createCounterFunctions(db, BY_CLASS);
  await recountCounters(db, BY_CLASS);
  await sql`create index if not exists tasks_sla_overdue_idx on tasks (due_at) where state = 'CREATED' and sla_state = 'overdue'`.execute(db);
  await sql.raw(`create function open_steps_maybe_stale(p_now timestamptz, p_lo timestamptz, p_hi timestamptz)
    returns table (state text, agency_id text, procedure_id text, step text, element_id text, name text, due_at timestamptz, sla_state text, dossier_status text, sla_class text)
    language plpgsql stable set plan_cache_mode = force_generic_plan set enable_seqscan = off set enable_bitmapscan = off
    set max_parallel_workers_per_gather = 0 as $$
    begin
      return query
      ${STALE_RANGES.map((where) => `select ${STALE_COLUMNS} from tasks t where t.state = 'CREATED' and ${where}`).join('\n      union all\n      ')};
    end $$`).execute(db);
}

const STALE_COLUMNS = `t.state, t.agency_id, t.procedure_id, t.step, t.element_id, t.name, t.due_at, t.sla_state, t.dossier_status, ${slaClass('t')}`;
/** The five ranges of open steps whose stored class may be stale, each matching one partial index on `due_at`. */
const STALE_RANGES = [
  // not overdue (or unclassed), past due: tasks_sla_pending_idx
  `(t.sla_state is null or t.sla_state <> 'overdue') and t.due_at < p_now`,
  // unclassed, not yet due: tasks_sla_unset_idx
  `t.sla_state is null and t.due_at >= p_now`,
  // in time, within the latest bound: tasks_sla_in_time_idx
  `t.sla_state = 'in_time' and t.due_at >= p_now and t.due_at <= p_hi`,
  // due soon, beyond the earliest bound (a bound moved back): tasks_sla_due_soon_idx
  `t.sla_state = 'due_soon' and t.due_at >= p_now and t.due_at > p_lo`,
  // overdue, not yet due (a clock set back): tasks_sla_overdue_idx
  `t.sla_state = 'overdue' and t.due_at >= p_now`,
];

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists open_steps_maybe_stale(timestamptz, timestamptz, timestamptz)`.execute(db);
  await sql`drop index if exists tasks_sla_overdue_idx`.execute(db);
  await sql`drop table open_step_deltas`.execute(db);
  await sql`drop table open_step_counts`.execute(db);
  await createCounterTables(db);
  await createCounterFunctions(db);
  await recountCounters(db);
  await createFold(db);
}
