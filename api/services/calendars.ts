/**
 * Working-time calendars as the application uses them: the shipped and admin-imported year tables
 * (table `calendar_years`) with each agency's office hours. Built calendars are cached per agency
 * for a short time, and dropped at once when this process changes a table or office hours.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { createCalendar, type Calendar, type OfficeHours, type YearTable } from '../domain/calendar/index.ts';

const TTL_MS = 60_000;

export class CalendarService {
  readonly #db: Kysely<Database>;
  readonly #cache = new Map<string, { calendar: Calendar; at: number }>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The calendar of an agency (null: the default office hours). */
  async forAgency(agencyId: string | null): Promise<Calendar> {
    const key = agencyId ?? '';
    const hit = this.#cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar;
    const tables = await this.#db.selectFrom('calendar_years').select('data').execute();
    const row = agencyId ? await this.#db.selectFrom('agencies').select('office_hours').where('id', '=', agencyId).executeTakeFirst() : undefined;
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
