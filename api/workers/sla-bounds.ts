/**
 * The instants that let the SLA sweep and the reminders select in SQL only the tasks and dossiers
 * whose state may change now, instead of reading every open one each minute: per agency (its
 * calendar), the latest due instant that is due soon now (`dueSoonBound`).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Calendar } from '../domain/calendar/index.ts';
import { dueSoonBound, type SlaPolicy } from '../domain/sla/index.ts';
import type { CalendarService } from '../services/calendars.ts';

/** Agencies grouped by an instant computed on their calendar (usually one or two groups); `null` is tasks without an agency. */
export interface AgencyBounds {
  groups: Array<{ bound: Date; agencyIds: Array<string | null> }>;
  /** The latest bound of all. */
  max: Date;
}

async function groupBounds(db: Kysely<Database>, calendars: CalendarService, instant: (calendar: Calendar) => Date): Promise<AgencyBounds> {
  const ids: Array<string | null> = [null, ...(await db.selectFrom('agencies').select('id').execute()).map((a) => a.id)];
  const byBound = new Map<number, Array<string | null>>();
  for (const id of ids) {
    const t = instant(await calendars.forAgency(id)).getTime();
    byBound.set(t, [...(byBound.get(t) ?? []), id]);
  }
  const groups = [...byBound].map(([t, agencyIds]) => ({ bound: new Date(t), agencyIds }));
  return { groups, max: new Date(Math.max(...groups.map((g) => g.bound.getTime()))) };
}

/** Per agency, the latest due instant of an open step that is due soon at `now`; null under a fraction threshold. */
export async function dueSoonBounds(db: Kysely<Database>, calendars: CalendarService, now: Date, policy: SlaPolicy): Promise<AgencyBounds | null> {
  if (policy.dueSoon.kind !== 'workingHours') return null;
  return groupBounds(db, calendars, (calendar) => dueSoonBound(calendar, now, policy.dueSoon)!);
}

/** `tasks.agency_id` is in a group and `tasks.due_at` is at or before its bound. */
export function withinBound(bounds: AgencyBounds): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(bounds.groups.map((g) => {
    const ids = g.agencyIds.filter((id): id is string => id !== null);
    const agency = g.agencyIds.includes(null)
      ? (ids.length ? sql`(tasks.agency_id is null or tasks.agency_id in (${sql.join(ids)}))` : sql`tasks.agency_id is null`)
      : sql`tasks.agency_id in (${sql.join(ids)})`;
    return sql`(${agency} and tasks.due_at <= ${g.bound})`;
  }), sql` or `)})`;
}
