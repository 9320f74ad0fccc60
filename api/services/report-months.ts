/**
 * A period of local days as pieces of the report counters: whole calendar months from the month rows
 * (`report_counter_months`, migration 2026121601) and the days of a partial month from the day rows
 * (`report_counters`). A partial month is read by the cheaper side: its days inside the period, or its
 * month row less its days outside (days after `today` cost nothing: no counter row lies in the future).
 * So a period of months, or one ending today, reads a row per month, not per day.
 */
import { sql, type RawBuilder } from 'kysely';

export interface DayRange { from: string; to: string }
export interface Pieces {
  /** First days of the months counted whole. */
  months: string[];
  /** Day ranges added. */
  plus: DayRange[];
  /** Day ranges taken off (outside the period, inside a month counted whole). */
  minus: DayRange[];
}

const DAY_MS = 86_400_000;
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const days = (from: string, to: string) => Math.max(0, (ms(to) - ms(from)) / DAY_MS + 1);
/** The first day of the month after the one starting `first`, and the last day of that month. */
function monthBounds(first: string): { next: string; last: string } {
  const next = new Date(ms(first)); next.setUTCMonth(next.getUTCMonth() + 1);
  return { next: iso(next.getTime()), last: iso(next.getTime() - DAY_MS) };
}

/** The pieces of the local days `from`..`to` (inclusive, `YYYY-MM-DD`), with `today` the local day of now. */
export function monthPieces(from: string, to: string, today: string): Pieces {
  const out: Pieces = { months: [], plus: [], minus: [] };
  const past = (range: DayRange) => days(range.from, range.to < today ? range.to : today);
  for (let first = `${from.slice(0, 7)}-01`; first <= to;) {
    const { next, last } = monthBounds(first);
    const inside = { from: from > first ? from : first, to: to < last ? to : last };
    const before = inside.from > first ? { from: first, to: iso(ms(inside.from) - DAY_MS) } : null;
    const after = inside.to < last ? { from: iso(ms(inside.to) + DAY_MS), to: last } : null;
    const outsideCost = (before ? past(before) : 0) + (after ? past(after) : 0);
    if (!before && !after) out.months.push(first);
    else if (past(inside) <= outsideCost) out.plus.push(inside);
    else {
      out.months.push(first);
      if (before) out.minus.push(before);
      if (after && after.from <= today) out.minus.push(after);
    }
    first = next;
  }
  return out;
}

/**
 * One row per counter row of the pieces, each with its sign `s` and the columns `cols`, for
 * `agencies` (and `procedureId` if given): month rows with the deltas of their months (the deltas
 * are not in the month rows until the rollup), and day rows with the deltas of their days.
 */
export function pieceRows(pieces: Pieces, agencies: string[], cols: string[], procedureId?: string): RawBuilder<unknown> {
  const c = sql.raw(cols.join(', '));
  const where = sql`agency_id in (${sql.join(agencies)})${procedureId ? sql` and procedure_id = ${procedureId}` : sql``}`;
  const between = (r: DayRange) => sql`day between ${r.from}::date and ${r.to}::date`;
  const dayRows = (r: DayRange, s: number) => sql`
    select ${sql.lit(s)} as s, agency_id, procedure_id, day, ${c} from report_counters where ${where} and ${between(r)}
    union all select ${sql.lit(s)}, agency_id, procedure_id, day, ${c} from report_counter_deltas where ${where} and ${between(r)}`;
  const parts: RawBuilder<unknown>[] = [];
  if (pieces.months.length) {
    parts.push(sql`select 1 as s, agency_id, procedure_id, month as day, ${c} from report_counter_months where ${where} and month in (${sql.join(pieces.months.map((m) => sql`${m}::date`))})`);
    parts.push(sql`select 1, agency_id, procedure_id, day, ${c} from report_counter_deltas where ${where} and (${sql.join(pieces.months.map((m) => between({ from: m, to: monthBounds(m).last })), sql` or `)})`);
  }
  for (const r of pieces.plus) parts.push(dayRows(r, 1));
  for (const r of pieces.minus) parts.push(dayRows(r, -1));
  if (!parts.length) return sql`select 1 as s, null::text as agency_id, null::text as procedure_id, null::date as day, ${sql.raw(cols.map((x) => `0::bigint as ${x}`).join(', '))} where false`;
  return sql.join(parts, sql` union all `);
}
