/**
 * The staff view of an agency subtree for a period of local days: per officer, the steps (tasks)
 * they completed in the period in the subtree's agencies, the share completed on time (at or before
 * the step's due instant, among the steps that had one) and the average time per step (from the
 * step's creation to its completion, elapsed time), overall and per step (its name when every
 * procedure names it alike). Read from the staff counters (migration 2026121703): a row per agency,
 * officer, step and name per month, plus the days of a partial month (`report-months.ts`), so its cost
 * follows the officers and months, not the steps completed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { monthPieces, type DayRange } from './report-months.ts';
import { localDay } from './report-counters.ts';

export interface StaffStep { step: string; name: string | null; completed: number; withDue: number; onTime: number; avgMs: number }
export interface StaffRow {
  userId: string; fullName: string; username: string;
  completed: number; withDue: number; onTime: number; onTimeShare: number | null; avgMs: number;
  steps: StaffStep[];
}

const FIGURES = sql`agency_id, user_id, step, step_name, n, with_due, on_time, total_ms`;

/** The counter rows of the period's pieces, each with its sign `s`. */
function pieceRows(from: string, to: string, today: string, scope: string[]) {
  const pieces = monthPieces(from, to, today);
  const inScope = sql`agency_id in (${sql.join(scope)})`;
  const days = (r: DayRange, s: number) => sql`select ${sql.lit(s)} as s, ${FIGURES} from staff_counters where ${inScope} and day between ${r.from}::date and ${r.to}::date`;
  const parts = [
    ...(pieces.months.length ? [sql`select 1 as s, ${FIGURES} from staff_counter_months where ${inScope} and month in (${sql.join(pieces.months.map((m) => sql`${m}::date`))})`] : []),
    ...pieces.plus.map((r) => days(r, 1)),
    ...pieces.minus.map((r) => days(r, -1)),
  ];
  return parts.length ? sql.join(parts, sql` union all `) : sql`select 1 as s, ${FIGURES} from staff_counters where false`;
}

export async function staffStats(db: Kysely<Database>, args: { scope: string[]; from: string; to: string; now: Date }) {
  // Per name first: a step's name is shown when every step completed under it bears one name.
  const rows = await sql<{ user_id: string; full_name: string; username: string; step: string; name: string | null; n: string | number; with_due: string | number; on_time: string | number; total_ms: string | number }>`
    with named as (
      select user_id, step, step_name, sum(s * n) as n, sum(s * with_due) as with_due, sum(s * on_time) as on_time, sum(s * total_ms) as total_ms
      from (${pieceRows(args.from, args.to, localDay(args.now), args.scope)}) x group by 1, 2, 3)
    select x.user_id, max(u.full_name) as full_name, max(u.username) as username, x.step,
      case when min(x.step_name) = max(x.step_name) then max(x.step_name) end as name,
      sum(x.n) as n, sum(x.with_due) as with_due, sum(x.on_time) as on_time, sum(x.total_ms) as total_ms
    from named x join users u on u.id = x.user_id
    where x.n > 0
    group by x.user_id, x.step`.execute(db);
  const officers = new Map<string, StaffRow & { totalMs: number }>();
  for (const r of rows.rows) {
    const n = Number(r.n); const ms = Number(r.total_ms);
    if (!officers.has(r.user_id)) officers.set(r.user_id, { userId: r.user_id, fullName: r.full_name, username: r.username, completed: 0, withDue: 0, onTime: 0, onTimeShare: null, avgMs: 0, totalMs: 0, steps: [] });
    const o = officers.get(r.user_id)!;
    o.completed += n; o.withDue += Number(r.with_due); o.onTime += Number(r.on_time); o.totalMs += ms;
    o.steps.push({ step: r.step, name: r.name, completed: n, withDue: Number(r.with_due), onTime: Number(r.on_time), avgMs: Math.round(ms / n) });
  }
  const items = [...officers.values()].map(({ totalMs, ...o }) => ({
    ...o,
    onTimeShare: o.withDue ? Math.round((o.onTime / o.withDue) * 10_000) / 10_000 : null,
    avgMs: Math.round(totalMs / o.completed),
    steps: o.steps.sort((a, b) => b.completed - a.completed || a.step.localeCompare(b.step)),
  })).sort((a, b) => b.completed - a.completed || a.fullName.localeCompare(b.fullName, 'vi'));
  return { period: { from: args.from, to: args.to }, items };
}
