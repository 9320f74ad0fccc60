/**
 * The basis of the reminder pass's checks (migration 2026121101): a version that moves whenever what a
 * due-soon instant is computed on changes — a working-time calendar year, an agency's office hours, the
 * SLA policy. A check written on another version is void and its row is read again.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CalendarService } from './calendars.ts';

/** Voids every reminder check: call inside the transaction that changes a calendar year or office hours. */
export async function moveRemindBasis(db: Kysely<Database>, now: Date): Promise<void> {
  await db.updateTable('remind_basis').set({ version: sql`version + 1`, changed_at: now }).where('id', '=', 1).execute();
}

/**
 * The current version for a pass running under `policy`: a policy other than the one the version was
 * computed on (a changed default after an upgrade) moves it first.
 */
export async function remindBasisFor(db: Kysely<Database>, policy: unknown, now: Date): Promise<number> {
  const fingerprint = JSON.stringify(policy);
  const moved = await db.updateTable('remind_basis').set({ version: sql`version + 1`, policy: fingerprint, changed_at: now })
    .where('id', '=', 1).where('policy', '<>', fingerprint).returning('version').executeTakeFirst();
  if (moved) return moved.version;
  return (await db.selectFrom('remind_basis').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version;
}

/**
 * The version for each pass of one process under `policy`; once it moved since the previous pass (a calendar
 * changed, possibly by another process) this process's cached calendars are dropped before they are used.
 */
export function remindBasisTracker(db: Kysely<Database>, calendars: CalendarService, policy: unknown): (now: Date) => Promise<number> {
  let seen: number | undefined;
  return async (now) => {
    const basis = await remindBasisFor(db, policy, now);
    if (seen !== undefined && basis !== seen) calendars.invalidate();
    seen = basis;
    return basis;
  };
}

/** The version the SLA sweep last classified every open task on (any process); null before the first. */
export async function slaClassifiedOn(db: Kysely<Database>): Promise<number | null> {
  return (await db.selectFrom('remind_basis').select('sla_classified').where('id', '=', 1).executeTakeFirstOrThrow()).sla_classified;
}

/** Records that every open task was classified on `version`: a process started later does not do it again. */
export async function markSlaClassified(db: Kysely<Database>, version: number): Promise<void> {
  await db.updateTable('remind_basis').set({ sla_classified: version }).where('id', '=', 1).execute();
}

/** The version the reminder pass last walked every pending step and dossier on (any process); null before the first. */
export async function remindersWalkedOn(db: Kysely<Database>): Promise<number | null> {
  return (await db.selectFrom('remind_basis').select('reminders_walked').where('id', '=', 1).executeTakeFirstOrThrow()).reminders_walked;
}

/** Records a whole walk of the pending rows on `version`: a process started later reads only the rows due by their next instant. */
export async function markRemindersWalked(db: Kysely<Database>, version: number): Promise<void> {
  await db.updateTable('remind_basis').set({ reminders_walked: version }).where('id', '=', 1).execute();
}
