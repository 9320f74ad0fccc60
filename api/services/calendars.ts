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
  /** Calendars being built through the service's own handle: concurrent callers share one build. */
  readonly #building = new Map<string, Promise<Calendar>>();
  /** Moves at each invalidation: a build that read before it is not cached. */
  #generation = 0;

  constructor(db: Kysely<Database>, ttlMs = CALENDAR_CACHE_MS) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  /**
   * The calendar of an agency (null: the default office hours). Inside a transaction pass it as `db`:
   * on PGlite (one connection) a read through another handle would wait for the transaction forever.
   * Callers without a transaction share a build under way: a page of dossiers asks for its rows' calendars all at
   * once, and on a commune's first page (or once the cache expired) each row built its own (2,551 builds in 7 s
   * at 1,000,000 dossiers, bench/README.md "Calendars built once").
   */
  async forAgency(agencyId: string | null, db?: Kysely<Database>): Promise<Calendar> {
    const key = agencyId ?? '';
    const hit = this.#cache.get(key);
    if (hit && Date.now() - hit.at < this.#ttlMs) return hit.calendar;
    // A transaction's own read is never made to wait behind a build through the service's handle.
    if (db && db !== this.#db) return this.#build(key, agencyId, db);
    let building = this.#building.get(key);
    if (!building) {
      const mine: Promise<Calendar> = this.#build(key, agencyId, this.#db).finally(() => {
        if (this.#building.get(key) === mine) this.#building.delete(key);
      });
      this.#building.set(key, mine);
      building = mine;
    }
    return building;
  }

  async #build(key: string, agencyId: string | null, db: Kysely<Database>): Promise<Calendar> {
    const generation = this.#generation;
    const tables = await db.selectFrom('calendar_years').select('data').execute();
    const row = agencyId ? await db.selectFrom('agencies').select('office_hours').where('id', '=', agencyId).executeTakeFirst() : undefined;
    const calendar = createCalendar({
      yearTables: tables.map((t) => t.data as YearTable),
      ...(row?.office_hours ? { officeHours: row.office_hours as OfficeHours } : {}),
    });
    if (generation === this.#generation) this.#cache.set(key, { calendar, at: Date.now() });
    return calendar;
  }

  /** Forgets every cached calendar (after a change). */
  invalidate(): void {
    this.#generation += 1;
    this.#cache.clear();
    this.#building.clear();
  }
}
