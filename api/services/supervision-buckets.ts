/**
 * The deadline buckets of the supervisor's view, in SQL: which open tasks count (`RUNNING_TASK`), the
 * bucket of an open task (`bucketOf`) and the due-soon bound of each agency (`dueSoonBounds`). Shared by
 * the summary from the counters (`supervision-counts.ts`), its reference recount from the task rows and
 * the overdue list (`supervision.ts`).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { dueSoonBound, type SlaPolicy } from '../domain/sla/index.ts';
import type { CalendarService } from './calendars.ts';

type Db = Kysely<Database>;

export interface SupervisionDeps {
  db: Db;
  calendars: CalendarService;
  policy: SlaPolicy;
  now: Date;
}

export const BUCKETS = ['in_time', 'due_soon', 'overdue', 'paused'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type Counts = Record<Bucket, number>;

/** Statuses whose dossier has no open deadline (closed, or waiting for the applicant). */
export const NOT_RUNNING = ['refused', 'stopped', 'returned', 'supplement_requested'];

/** Open tasks of running dossiers (the dossier's status and procedure are on the task: migration 2026120704). */
export const RUNNING_TASK = sql<boolean>`t.state = 'CREATED' and t.procedure_id is not null and t.dossier_status not in (${sql.join(NOT_RUNNING)})`;

/**
 * The SQL bucket of an open task (`t.*`, with `b.bound` joined by {@link dueSoonBounds}): overdue after
 * its due instant, due soon within the threshold of its agency's calendar.
 */
export function bucketOf(deps: SupervisionDeps): RawBuilder<Bucket> {
  const dueSoon = deps.policy.dueSoon.kind === 'workingHours' ? sql`t.due_at <= b.bound` : sql`t.sla_state = 'due_soon'`;
  return sql<Bucket>`case when t.due_at < ${deps.now} then 'overdue' when t.due_at is not null and ${dueSoon} then 'due_soon' else 'in_time' end`;
}

/**
 * `(values (agency, bound), …) as b(agency_id, bound)`: the due-soon bound of each of `agencies` (with
 * the `workingHours` policy; none with `fraction`, which reads the SLA sweep's `sla_state`).
 */
export async function dueSoonBounds(deps: SupervisionDeps, agencies: string[]): Promise<RawBuilder<unknown>> {
  const { now, policy } = deps;
  const pairs: RawBuilder<unknown>[] = [];
  if (policy.dueSoon.kind === 'workingHours') {
    for (const id of agencies) pairs.push(sql`(${id}::text, ${dueSoonBound(await deps.calendars.forAgency(id), now, policy.dueSoon)!}::timestamptz)`);
  }
  if (!pairs.length) pairs.push(sql`(null::text, null::timestamptz)`);
  return sql`(values ${sql.join(pairs)}) as b(agency_id, bound)`;
}

/** The agencies of the scope with open tasks not yet due, from the task rows. */
export async function agenciesWithTasksAhead(deps: SupervisionDeps, scope: string[]): Promise<string[]> {
  if (deps.policy.dueSoon.kind !== 'workingHours') return [];
  const rows = await deps.db.selectFrom('tasks').select('agency_id').distinct()
    .where('state', '=', 'CREATED').where('agency_id', 'in', scope).where('due_at', '>=', deps.now).execute();
  return rows.map((r) => r.agency_id!);
}
