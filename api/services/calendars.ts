/**
 * Working-time calendars as the application uses them: the shipped and admin-imported year tables
 * (table `calendar_years`) with each agency's office hours. Built calendars are cached per agency
 * for a short time, and dropped at once when this process changes a table or office hours.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { createCalendar, type Calendar, type OfficeHours, type YearTable } from '../domain/calendar/index.ts';

/** How long a built calendar is kept by default, ms. */
export const CALENDAR_CACHE_MS = 60_000;

export class CalendarService {
  readonly #db: Kysely<Database>;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { calendar: Calendar; at: number }>();

  constructor(db: Kysely<Database>, ttlMs = CALENDAR_CACHE_MS) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  /**
   * The calendar of an agency (null: the default office hours). Inside a transaction pass it as `db`:
   * on PGlite (one connection) a read through another handle would wait for the transaction forever.
   */
  async forAgency(agencyId: string | null, db: Kysely<Database> = this.#db): Promise<Calendar> {
    const key = agencyId ?? '';
    const hit = this.#cache.get(key);
    if (hit && Date.now() - hit.at < this.#ttlMs) return hit.calendar;
    const tables = await db.selectFrom('calendar_years').select('data').execute();
    const row = agencyId ? await db.selectFrom('agencies').select('office_hours').where('id', '=', agencyId).executeTakeFirst() : undefined;
    const calendar = createCalendar({
      yearTables: tables.map((t) => t.data as YearTable),
      ...(row?.office_hours ? { officeHours: row.office_hours as OfficeHours } : {}),
    });
    this.#cache.set(key, { calendar, at: Date.now() });
    return calendar;
  }

  /** Forgets every cached calendar (after a change). */
  invalidate(): void {
    this.#cache.clear();
  }
}
