/**
 * The staff view of an agency subtree for a period of local days: per officer, the steps (tasks)
 * they completed in the period in the subtree's agencies, the share completed on time (at or before
 * the step's due instant, among the steps that had one) and the average time per step (from the
 * step's creation to its completion, elapsed time), overall and per step (its name when every
 * procedure names it alike). One grouped query.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export interface StaffStep { step: string; name: string | null; completed: number; withDue: number; onTime: number; avgMs: number }
export interface StaffRow {
  userId: string; fullName: string; username: string;
  completed: number; withDue: number; onTime: number; onTimeShare: number | null; avgMs: number;
  steps: StaffStep[];
}

export async function staffStats(db: Kysely<Database>, args: { scope: string[]; from: string; to: string; start: Date; end: Date }) {
  const rows = await sql<{ user_id: string; full_name: string; username: string; step: string; name: string | null; n: string | number; with_due: string | number; on_time: string | number; total_ms: string | number }>`
    select t.completed_by as user_id, max(u.full_name) as full_name, max(u.username) as username,
      coalesce(t.step, t.element_id) as step, case when min(t.name) = max(t.name) then max(t.name) end as name, count(*) as n,
      count(*) filter (where t.due_at is not null) as with_due,
      count(*) filter (where t.due_at is not null and t.completed_at <= t.due_at) as on_time,
      coalesce(sum(extract(epoch from (t.completed_at - t.created_at)) * 1000), 0) as total_ms
    from tasks t join users u on u.id = t.completed_by
    where t.state = 'COMPLETED' and t.completed_at >= ${args.start} and t.completed_at < ${args.end}
      and t.agency_id in (${sql.join(args.scope)})
    group by t.completed_by, coalesce(t.step, t.element_id)`.execute(db);
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
