/**
 * The stored Decision 766 verdicts of finished dossiers (migration 2026120701), for the dossiers whose
 * verdict needs the agency's calendar: petitions (answered within 15 working days of receipt), and
 * dossiers with a supplement pause or an extension (`decision766`). Other dossiers are judged in SQL
 * by the report counters. The worker fills the verdicts a bounded batch at a time, off the request
 * path; a report computes the ones still missing itself (`missingVerdicts`). A verdict is derived data,
 * forgotten by a trigger when its inputs change, so writing it is not an audited state change.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { addWorkingTime, dueAt, type Calendar } from '../domain/calendar/index.ts';
import { decision766, decision766InputOf, type Decision766Input, type Decision766Result } from '../domain/sla/decision766.ts';
import type { CalendarService } from './calendars.ts';
import { factsWhere, type DossierFacts } from './decision766-facts.ts';

export const PETITION_PROCEDURE = 'feedback-petition';
export const PETITION_LIMIT = { kind: 'workingDays', days: 15 } as const;

/** The dossiers whose verdict needs the calendar (the same rule as the migration's, over `dossiers d`). */
export const NEEDS_CALENDAR = sql<boolean>`(d.procedure_id = ${PETITION_PROCEDURE} or d.original_due_at is not null or coalesce(d.state->'pauses' @> '[{"kind": "supplement"}]'::jsonb, false))`;

/**
 * What the index reads of {@link decision766} (on time, why late, paused working time), the same
 * figures without its working-time sums when nothing moves the due date: a dossier without pause or
 * extension is on time when it ends by its due date as the calendar places it (`addWorkingTime(due, 0)`,
 * memoised per calendar: most dossiers share a handful of due instants). Nine in ten dossiers take this
 * path; the others take the full computation.
 */
export function verdict766(calendar: Calendar, input: Decision766Input, asOf: Date, memo: Map<Calendar, Map<number, number>>): Pick<Decision766Result, 'onTime' | 'lateReason' | 'pausedWorkingMs'> {
  if (input.pauses.length > 0 || input.extension) return decision766(calendar, input, asOf);
  let dues = memo.get(calendar);
  if (!dues) memo.set(calendar, (dues = new Map()));
  const dueMs = input.originalDueAt.getTime();
  let effective = dues.get(dueMs);
  if (effective === undefined) dues.set(dueMs, (effective = addWorkingTime(calendar, input.originalDueAt, 0).getTime()));
  const multiple = input.supplementRequestCount > 1;
  const overTime = (input.finishedAt ?? asOf).getTime() > effective;
  return { onTime: !multiple && !overTime, lateReason: multiple ? 'MULTIPLE_SUPPLEMENTS' : overTime ? 'OVER_TIME' : null, pausedWorkingMs: 0 };
}

export interface Verdict { onTime: boolean; lateReason: string | null; pausedMs: number }

/** The verdict of a finished dossier (its facts with `finishedAt`). */
export function verdictOf(calendar: Calendar, f: DossierFacts, memo: Map<Calendar, Map<number, number>>): Verdict {
  const finishedAt = f.finishedAt!;
  if (f.procedureId === PETITION_PROCEDURE) {
    const onTime = finishedAt <= dueAt(calendar, f.receivedAt, PETITION_LIMIT);
    return { onTime, lateReason: onTime ? null : 'OVER_TIME', pausedMs: 0 };
  }
  const r = verdict766(calendar, decision766InputOf(f), finishedAt, memo);
  return { onTime: r.onTime, lateReason: r.lateReason, pausedMs: Math.round(r.pausedWorkingMs) };
}

/**
 * Computes and stores up to `limit` missing verdicts, oldest finish first. Each row is written only if
 * its finish and version are still those read (a concurrent change leaves it for the next run).
 * @returns the number written.
 */
export async function fillVerdicts(db: Kysely<Database>, calendars: CalendarService, limit = 500): Promise<number> {
  const pending = await sql<{ id: string; version: number }>`
    select d.id, d.version from dossiers d
    where d.finished_at is not null and d.report_on_time is null and ${NEEDS_CALENDAR}
      and d.received_at is not null and coalesce(d.original_due_at, d.due_at) is not null and d.status not in ('refused', 'stopped')
    order by d.finished_at limit ${limit}`.execute(db);
  if (!pending.rows.length) return 0;
  const versions = new Map(pending.rows.map((r) => [r.id, r.version]));
  const facts = await factsWhere(db, sql`d.id in (${sql.join([...versions.keys()])}) and d.received_at is not null`);
  const memo = new Map<Calendar, Map<number, number>>();
  const values = [];
  for (const f of facts) {
    const v = verdictOf(await calendars.forAgency(f.calendarAgencyId), f, memo);
    values.push(sql`(${f.id}::uuid, ${f.finishedAt}::timestamptz, ${versions.get(f.id)}::int, ${v.onTime}::boolean, ${v.lateReason}::text, ${v.pausedMs}::bigint)`);
  }
  if (!values.length) return 0;
  const res = await sql`
    update dossiers d set report_on_time = v.on_time, report_late_reason = v.reason, report_paused_ms = v.paused
    from (values ${sql.join(values)}) as v(id, finished_at, version, on_time, reason, paused)
    where d.id = v.id and d.finished_at = v.finished_at and d.version = v.version and d.report_on_time is null`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
