/**
 * Reads `report_counters` (migration 2026120701): the figures of an agency's subtree that are fixed
 * once they happen (receipts, finishes, returns), summed per procedure over local days — before a
 * period and within it — in one grouped query over the agency's counter rows and the deltas the
 * triggers wrote since the last rollup (2026120901). And the other half of
 * a period's dossiers: those still open at its end (or now), whose figures depend on that moment,
 * read row by row through `dossier_visibility` (index `dossier_visibility_finished`).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { METRICS } from '../db/migrations/2026120701_report_counters.ts';

export type Metric = (typeof METRICS)[number];
export type Figures = Record<Metric, number>;

export interface ProcedureSums {
  procedureId: string;
  field: string;
  /** Before the period's first day. */
  before: Figures;
  /** From the period's first day to its last, inclusive. */
  within: Figures;
}

export const zeroFigures = (): Figures => Object.fromEntries(METRICS.map((m) => [m, 0])) as Figures;

/** Adds `b` into `a`. */
export function addFigures(a: Figures, b: Figures): Figures {
  for (const m of METRICS) a[m] += b[m];
  return a;
}

/** The sums of an agency's counters, per procedure, for the local days `fromDay`..`toDay` and before. */
export async function counterSums(db: Kysely<Database>, agencyId: string, fromDay: string, toDay: string): Promise<ProcedureSums[]> {
  const cols = METRICS.flatMap((m) => [
    sql`coalesce(sum(c.${sql.ref(m)}) filter (where c.day < ${fromDay}::date), 0) as ${sql.ref(`b_${m}`)}`,
    sql`coalesce(sum(c.${sql.ref(m)}) filter (where c.day >= ${fromDay}::date), 0) as ${sql.ref(`w_${m}`)}`,
  ]);
  const counted = sql.raw(['procedure_id', 'day', ...METRICS].join(', '));
  const rows = await sql<Record<string, string | number>>`
    select c.procedure_id, p.field, ${sql.join(cols)}
    from (select ${counted} from report_counters where agency_id = ${agencyId} and day <= ${toDay}::date
      union all select ${counted} from report_counter_deltas where agency_id = ${agencyId} and day <= ${toDay}::date) c
      join procedures p on p.id = c.procedure_id
    group by c.procedure_id, p.field`.execute(db);
  return rows.rows.map((r) => {
    const before = zeroFigures(); const within = zeroFigures();
    for (const m of METRICS) { before[m] = Number(r[`b_${m}`]); within[m] = Number(r[`w_${m}`]); }
    return { procedureId: String(r.procedure_id), field: String(r.field), before, within };
  });
}

/**
 * The dossiers an agency's subtree still had open at `end` (received before it, finished at or after
 * it or not yet, not refused or stopped), as a condition over `dossier_visibility v join dossiers d`.
 */
export function openAtEnd(agencyId: string, end: Date): RawBuilder<boolean> {
  return sql<boolean>`v.agency_id = ${agencyId} and (v.finished_at is null or v.finished_at >= ${end}) and v.received_at < ${end}
    and v.status not in ('refused', 'stopped')`;
}

/**
 * `d.id = any(array(…))` over the dossiers open at `end`: their ids from the visibility index first,
 * then each dossier by its key — joined, the planner hash-joins every dossier of the province.
 */
export function openDossier(agencyId: string, end: Date): RawBuilder<boolean> {
  return sql<boolean>`d.id = any(array(select v.dossier_id from dossier_visibility v where ${openAtEnd(agencyId, end)}))`;
}

/** Local (UTC+7) day `YYYY-MM-DD` of an instant. */
export function localDay(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Folds the report counters' deltas into the counters (the SLA sweep calls it); the number of counter rows written. */
export async function rollupReportCounters(db: Kysely<Database>): Promise<number> {
  return Number((await sql<{ n: number }>`select report_counters_rollup() as n`.execute(db)).rows[0]!.n);
}
