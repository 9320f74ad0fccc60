/**
 * The dossiers an agency's subtree still had open at the end of a period, judged at that moment (or now,
 * when sooner): their overdue count for report II.06a and their part of the Decision 766 measures.
 *
 * - Live (`openTallies`): read row by row through `dossier_visibility`; in SQL when nothing moves a due
 *   date (on time when the moment is not past the due date given at receipt, with at most one supplement
 *   request), with the calendar for the others (supplement pause, extension, petition).
 * - Stored (`takeOpenDay`, migration 2026121501): when a local day ends, the worker stores the same
 *   figures for every agency and procedure, judged at the day's end. A report of a period that has ended
 *   reads them (a few rows per procedure) instead of the whole inventory of that moment.
 *
 * A stored day is the state at its end: a payment or a supplement request made afterwards does not change
 * it. Its set of dossiers must still be the one the report counters count as open at that end: a dossier
 * stopped or refused afterwards, a hand-off or an agency moved in the tree changes the counters (which
 * count the current state), and the report would no longer add up (received − resolved = in progress). A
 * stored day whose open count differs from the counters' for a procedure is therefore not used: the
 * report reads the dossiers live, as it did before days were stored.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { OPEN_DAY_FIGURES } from '../db/migrations/2026121501_report_open_days.ts';
import { dueAt, type Calendar } from '../domain/calendar/index.ts';
import { decision766InputOf } from '../domain/sla/decision766.ts';
import type { CalendarService } from './calendars.ts';
import { factsInChunks } from './decision766-facts.ts';
import { localDay, openDossier, type ProcedureSums } from './report-counters.ts';
import { NEEDS_CALENDAR, PETITION_LIMIT, PETITION_PROCEDURE, verdict766 } from './report-verdicts.ts';

/** The figures of the dossiers open at a moment, of one agency (or subtree root) and procedure. */
export interface OpenTally {
  /** Open at the end (received before it, not finished before it, not refused or stopped). */
  open: number;
  /** II.06a: past their judged due date at the moment, not waiting for a supplement. */
  overdue: number;
  /** Decision 766: the dossiers it counts (not petitions, with a due date), their verdicts and payments. */
  counted: number; paying: number; paidOnline: number; onTime: number; overTime: number; multiple: number; pausedMs: number;
  /** Petitions, and those still within 15 working days of receipt. */
  petitions: number; petitionsOnTime: number;
}

const KEYS = ['open', 'overdue', 'counted', 'paying', 'paidOnline', 'onTime', 'overTime', 'multiple', 'pausedMs', 'petitions', 'petitionsOnTime'] as const satisfies ReadonlyArray<keyof OpenTally>;
const COLUMN: Record<keyof OpenTally, (typeof OPEN_DAY_FIGURES)[number]> = {
  open: 'open', overdue: 'overdue', counted: 'counted', paying: 'paying', paidOnline: 'paid_online', onTime: 'on_time',
  overTime: 'over_time', multiple: 'multiple', pausedMs: 'paused_ms', petitions: 'petitions', petitionsOnTime: 'petitions_on_time',
};

export const zeroTally = (): OpenTally => ({ open: 0, overdue: 0, counted: 0, paying: 0, paidOnline: 0, onTime: 0, overTime: 0, multiple: 0, pausedMs: 0, petitions: 0, petitionsOnTime: 0 });

/** Adds `b` into `a`. */
export function addTally(a: OpenTally, b: OpenTally): OpenTally {
  for (const k of KEYS) a[k] += b[k];
  return a;
}

/** Tallies keyed by `agency|procedure`. */
export type Tallies = Map<string, OpenTally>;
const keyOf = (agencyId: string, procedureId: string) => `${agencyId}|${procedureId}`;
const tallyOf = (m: Tallies, key: string) => { let x = m.get(key); if (!x) m.set(key, (x = zeroTally())); return x; };

/** The local day `YYYY-MM-DD` that ends at `end` (a local midnight), and the local midnight that ends `day`. */
export const dayEnding = (end: Date): string => localDay(new Date(end.getTime() - 1));
export const endOfDay = (day: string): Date => new Date(new Date(`${day}T00:00:00+07:00`).getTime() + 86_400_000);

/**
 * The tallies of the dossiers open at `end`, judged at `asOf`, read live: of `agencyId`'s subtree when
 * given (one row per procedure), else of every agency that sees them. `verdicts: false` leaves out the
 * Decision 766 verdicts that need the calendar (report II.06a reads only the open and overdue counts).
 */
export async function openTallies(db: Kysely<Database>, calendars: CalendarService, a: { end: Date; asOf: Date; agencyId?: string; verdicts?: boolean }): Promise<Tallies> {
  const due = sql`coalesce(d.original_due_at, d.due_at)`;
  const judged = sql`(case when (d.state->>'extensionLate')::boolean and d.original_due_at is not null then d.original_due_at else d.due_at end)`;
  const supplements = sql`coalesce((d.state->>'supplementRequests')::int, 0)`;
  const own766 = sql`d.procedure_id <> ${PETITION_PROCEDURE} and ${due} is not null`;
  const simple = sql`${own766} and not ${NEEDS_CALENDAR}`;
  const figures = sql`count(*) as open,
      count(*) filter (where d.status <> 'supplement_requested' and ${judged} < ${a.asOf}) as overdue,
      count(*) filter (where ${own766}) as counted,
      count(*) filter (where ${own766} and coalesce(jsonb_array_length(d.state->'payments'), 0) > 0) as paying,
      count(*) filter (where ${own766} and coalesce(d.state->'payments' @> '[{"method": "online"}]'::jsonb, false)) as paid_online,
      count(*) filter (where ${simple}) as simple,
      count(*) filter (where ${simple} and ${supplements} > 1) as multiple,
      count(*) filter (where ${simple} and ${supplements} <= 1 and ${a.asOf} <= ${due}) as on_time`;
  const allOpen = sql<boolean>`(v.finished_at is null or v.finished_at >= ${a.end}) and v.received_at < ${a.end} and v.status not in ('refused', 'stopped')`;
  const rows = (await (a.agencyId !== undefined
    ? sql<Record<string, string | number>>`select ${a.agencyId}::text as agency_id, d.procedure_id, ${figures}
        from dossiers d where ${openDossier(a.agencyId, a.end)} group by d.procedure_id`
    : sql<Record<string, string | number>>`select v.agency_id, d.procedure_id, ${figures}
        from dossier_visibility v join dossiers d on d.id = v.dossier_id where ${allOpen} group by v.agency_id, d.procedure_id`).execute(db)).rows;
  const out: Tallies = new Map();
  for (const r of rows) {
    const t = tallyOf(out, keyOf(String(r.agency_id), String(r.procedure_id)));
    const n = (k: string) => Number(r[k]);
    t.open += n('open'); t.overdue += n('overdue'); t.counted += n('counted'); t.paying += n('paying'); t.paidOnline += n('paid_online');
    t.onTime += n('on_time'); t.multiple += n('multiple'); t.overTime += n('simple') - n('on_time') - n('multiple');
  }

  if (a.verdicts === false) return out;
  // Those whose due date moves, and petitions: with the calendar, once per dossier, for each agency that sees it.
  const cal = new Map<string, Calendar>();
  const calendarOf = async (id: string) => { let c = cal.get(id); if (!c) cal.set(id, (c = await calendars.forAgency(id))); return c; };
  const memo = new Map<Calendar, Map<number, number>>();
  const petitionDue = new Map<string, number>();
  const where: RawBuilder<unknown> = a.agencyId !== undefined
    ? sql`${openDossier(a.agencyId, a.end)} and ${NEEDS_CALENDAR}`
    : sql`d.id = any(array(select distinct v.dossier_id from dossier_visibility v where ${allOpen})) and ${NEEDS_CALENDAR}`;
  for await (const page of factsInChunks(db, where)) {
    const seers = new Map<string, string[]>();
    if (a.agencyId !== undefined) for (const f of page) seers.set(f.id, [a.agencyId]);
    else {
      const vis = await sql<{ dossier_id: string; agency_id: string }>`select dossier_id, agency_id from dossier_visibility
        where dossier_id = any(${sql.val(page.map((f) => f.id))}::uuid[])`.execute(db);
      for (const v of vis.rows) { const s = seers.get(v.dossier_id); if (s) s.push(v.agency_id); else seers.set(v.dossier_id, [v.agency_id]); }
    }
    for (const f of page) {
      const calendar = await calendarOf(f.calendarAgencyId);
      const add: Partial<OpenTally> = {};
      if (f.procedureId === PETITION_PROCEDURE) {
        const key = `${f.calendarAgencyId}|${f.receivedAt.getTime()}`;
        let d = petitionDue.get(key);
        if (d === undefined) petitionDue.set(key, (d = dueAt(calendar, f.receivedAt, PETITION_LIMIT).getTime()));
        add.petitions = 1; if (a.asOf.getTime() <= d) add.petitionsOnTime = 1;
      } else {
        const r = verdict766(calendar, decision766InputOf({ ...f, finishedAt: null }), a.asOf, memo);
        add.pausedMs = r.pausedWorkingMs;
        if (r.onTime) add.onTime = 1; else if (r.lateReason === 'MULTIPLE_SUPPLEMENTS') add.multiple = 1; else add.overTime = 1;
      }
      for (const agencyId of seers.get(f.id) ?? []) {
        const t = tallyOf(out, keyOf(agencyId, f.procedureId));
        for (const [k, v] of Object.entries(add) as Array<[keyof OpenTally, number]>) t[k] += v;
      }
    }
  }
  return out;
}

/**
 * Stores the figures of the dossiers open at the end of the local day `day`, judged at that end, unless the
 * day is taken already (by another instance too: the mark and the rows are one transaction). Read in one
 * snapshot (repeatable read). Returns the number of rows stored, or null when the day was taken.
 */
export async function takeOpenDay(db: Kysely<Database>, calendars: CalendarService, day: string): Promise<number | null> {
  const end = endOfDay(day);
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const marked = await sql`insert into report_open_days_taken (day) values (${day}::date) on conflict (day) do nothing returning day`.execute(trx);
    if (!marked.rows.length) return null;
    const tallies = [...(await openTallies(trx, calendars, { end, asOf: end })).entries()].filter(([, t]) => t.open > 0);
    const cols = sql.raw(OPEN_DAY_FIGURES.join(', '));
    for (let i = 0; i < tallies.length; i += 500) {
      const values = tallies.slice(i, i + 500).map(([key, t]) => {
        const [agencyId, procedureId] = key.split('|') as [string, string];
        return sql`(${agencyId}, ${day}::date, ${procedureId}, ${sql.join(KEYS.map((k) => sql`${Math.round(t[k])}::bigint`))})`;
      });
      await sql`insert into report_open_days (agency_id, day, procedure_id, ${cols}) values ${sql.join(values)}`.execute(trx);
    }
    await sql`update report_open_days_taken set rows = ${tallies.length} where day = ${day}::date`.execute(trx);
    return tallies.length;
  });
}

/** Takes the last local day that has ended at `now`, if not taken yet (the worker calls it each run). */
export async function takeLastEndedDay(db: Kysely<Database>, calendars: CalendarService, now: Date): Promise<number | null> {
  const day = dayEnding(new Date(`${localDay(now)}T00:00:00+07:00`));
  const taken = await sql`select 1 from report_open_days_taken where day = ${day}::date`.execute(db);
  return taken.rows.length ? null : takeOpenDay(db, calendars, day);
}

/** The stored figures of `agencyId` for the day `day`, per procedure; null when the day was not taken. */
export async function storedOpenDay(db: Kysely<Database>, agencyId: string, day: string): Promise<Map<string, OpenTally> | null> {
  const taken = await sql`select 1 from report_open_days_taken where day = ${day}::date`.execute(db);
  if (!taken.rows.length) return null;
  const rows = await sql<Record<string, string | number>>`select procedure_id, ${sql.raw(OPEN_DAY_FIGURES.join(', '))} from report_open_days
    where agency_id = ${agencyId} and day = ${day}::date`.execute(db);
  const out = new Map<string, OpenTally>();
  for (const r of rows.rows) {
    const t = zeroTally();
    for (const k of KEYS) t[k] = Number(r[COLUMN[k]]);
    out.set(String(r.procedure_id), t);
  }
  return out;
}

/** The dossiers open at the period's end according to the counters, per procedure. */
function countedOpen(sums: ProcedureSums[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const { procedureId, before: b, within: w } of sums) {
    out.set(procedureId, (out.get(procedureId) ?? 0) + b.rec_online + b.rec_offline - b.resolved + w.rec_online + w.rec_offline - w.resolved);
  }
  return out;
}

/**
 * The tallies of `agencyId`'s subtree per procedure for the dossiers open at `end` (the end of the local
 * day `to`), judged at `asOf`: the stored day when the period has ended and the stored day still has the
 * counters' open dossiers (`sums`, of the same period), else live.
 */
export async function openAtEndOf(db: Kysely<Database>, calendars: CalendarService, a: { agencyId: string; to: string; end: Date; asOf: Date; sums: ProcedureSums[]; verdicts?: boolean }): Promise<{ tallies: Map<string, OpenTally>; stored: boolean }> {
  if (a.asOf.getTime() >= a.end.getTime()) {
    const stored = await storedOpenDay(db, a.agencyId, a.to);
    if (stored) {
      const counted = countedOpen(a.sums);
      const procedures = new Set([...counted.keys(), ...stored.keys()]);
      if ([...procedures].every((p) => (counted.get(p) ?? 0) === (stored.get(p)?.open ?? 0))) return { tallies: stored, stored: true };
    }
  }
  const live = await openTallies(db, calendars, { end: a.end, asOf: a.asOf, agencyId: a.agencyId, verdicts: a.verdicts ?? true });
  const tallies = new Map<string, OpenTally>();
  for (const [key, t] of live) tallies.set(key.slice(key.indexOf('|') + 1), t);
  return { tallies, stored: false };
}
