/**
 * The officers' dossier list (`GET /api/dossiers`) at a province's scale: every filter and sort is one
 * ordered range of `dossier_visibility` (migration 2026120602) for the caller's agency — the rows of
 * the agencies below it are there too — so a page costs the same at 10,000 dossiers as at 1,000,000.
 * The total is counted up to {@link LIST_WINDOW} (then reported as "at least"), and pages stop there:
 * deeper than that, the filters must narrow the list (the same window as the task list: `list-window.ts`). Plans: bench/README.md, "Dossier lists".
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import { LIST_WINDOW, pageOffset } from './list-window.ts';
import { matchesRow, matchingIds } from './dossier-search.ts';

export { LIST_WINDOW, withinWindow } from './list-window.ts';

export type DossierSort = 'due' | 'received' | '-received' | 'submitted' | '-submitted';

export interface DossierListQuery {
  /** The caller's agency: the list covers it and every agency below it. */
  agencyId: string;
  status?: string;
  procedureId?: string;
  /** Part of the code, of the applicant's name (case and diacritics ignored), or the whole ID number. */
  q?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  /** Open (accepted or processing) and past its due date at `now`. */
  overdue?: boolean;
  sort: DossierSort;
  page: number;
  pageSize: number;
  now: Date;
  /** How far to count (default {@link LIST_WINDOW}). */
  window?: number;
  /** Rows a search beyond the window walks before reading its whole match set (default {@link WALK}; tests). */
  walk?: number;
}

/** A list row: the dossier without its form (`form_data`, the bulk of the row: the list does not show it). */
export type DossierListRow = Omit<Dossier, 'form_data'>;

export interface DossierListPage {
  rows: DossierListRow[];
  /** Dossiers matching, counted up to {@link LIST_WINDOW}. */
  total: number;
  /** False when there are more than `total`. */
  totalExact: boolean;
}


type Visible = SelectQueryBuilder<Database & { v: Database['dossier_visibility'] }, 'v', object>;

/** Rows walked in order to fill a page of a search beyond the window before reading the whole match set. */
const WALK = 5_000;

/** The list's rows; a search as the set of its matches, read up to the window (`window`) or whole (`all`). */
function filtered(db: Kysely<Database>, q: DossierListQuery, search: 'window' | 'all' = 'window'): Visible {
  let query = db.selectFrom('dossier_visibility as v').where('v.agency_id', '=', q.agencyId) as Visible;
  if (q.status) query = query.where('v.status', '=', q.status);
  if (q.procedureId) query = query.where('v.procedure_id', '=', q.procedureId);
  if (q.receivedFrom) query = query.where('v.received_at', '>=', q.receivedFrom);
  if (q.receivedTo) query = query.where('v.received_at', '<', q.receivedTo);
  if (q.overdue) query = query.where('v.finished_at', 'is', null).where('v.status', 'in', ['accepted', 'processing']).where('v.due_at', '<', q.now);
  // Name matches are all visible rows: alone, they are read no further than the window; with another filter, all.
  const alone = !q.status && !q.procedureId && !q.receivedFrom && !q.receivedTo && !q.overdue;
  if (q.q) query = query.where('v.dossier_id', 'in', matchingIds(db, q.agencyId, q.q, alone && search === 'window' ? (q.window ?? LIST_WINDOW) + 1 : undefined));
  return query;
}

/** A page of the list, in the order of `sort` (ties by code, in the same direction). */
export async function listDossiers(db: Kysely<Database>, q: DossierListQuery): Promise<DossierListPage> {
  const base = filtered(db, q);
  const window = q.window ?? LIST_WINDOW;
  const offset = pageOffset(q.page, q.pageSize);
  const [column, direction] = q.sort === 'received' ? ['received_at', 'asc'] as const : q.sort === '-received' ? ['received_at', 'desc'] as const
    : q.sort === 'submitted' ? ['submitted_at', 'asc'] as const : q.sort === '-submitted' ? ['submitted_at', 'desc'] as const : ['due_at', 'asc'] as const;
  let ids: string[];
  let n: number;
  if (q.q) {
    // A search's matches come from a bitmap of every match, in no order: read them once, up to the window,
    // with their sort keys; count and page them here. Beyond the window, the page is read in SQL.
    const matches = await base.select(['v.dossier_id', sql.ref<Date | null>(`v.${column}`).as('key'), 'v.code']).limit(window + 1).execute();
    n = matches.length;
    if (n <= window && offset >= n) return { rows: [], total: n, totalExact: true };
    ids = n <= window ? sortedLikeSql(matches, direction).slice(offset, offset + q.pageSize).map((r) => r.dossier_id) : await pageIds();
  } else {
    const counted = await db.selectFrom(base.select(sql`1`.as('one')).limit(window + 1).as('w'))
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    n = Number(counted.n);
    // A page past an exact total: empty, without reading rows.
    if (n <= window && offset >= n) return { rows: [], total: n, totalExact: true };
    ids = await pageIds();
  }
  async function pageIds(): Promise<string[]> {
    if (q.q) {
      // More matches than the window: walk the list in order, testing each row, over at most WALK rows; a
      // page not filled by then (sparse matches) is read from the whole match set instead.
      const walked = filtered(db, { ...q, q: undefined }).select(['v.agency_id', 'v.dossier_id', 'v.code', sql.ref<Date | null>(`v.${column}`).as('key')])
        .orderBy(sql.ref(`v.${column}`), direction).orderBy('v.code', direction).limit(q.walk ?? WALK);
      const page = await db.selectFrom(walked.as('v')).select('v.dossier_id').where(matchesRow(db, q.q))
        .orderBy('v.key', direction).orderBy('v.code', direction).limit(q.pageSize).offset(offset).execute();
      if (page.length === q.pageSize) return page.map((r) => r.dossier_id);
    }
    const page = await filtered(db, q, 'all').select('v.dossier_id')
      .orderBy(sql.ref(`v.${column}`), direction).orderBy('v.code', direction)
      .limit(q.pageSize).offset(offset).execute();
    return page.map((r) => r.dossier_id);
  }
  const rows = ids.length ? await db.selectFrom('dossiers').select(LIST_COLUMNS).where('id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((id) => byId.get(id)!).filter(Boolean), total: Math.min(n, window), totalExact: n <= window };
}

/** Every column of a dossier but its form. */
const LIST_COLUMNS = ['id', 'code', 'procedure_id', 'receiving_agency_id', 'handling_agency_id', 'status', 'channel', 'applicant', 'applicant_name',
  'applicant_name_folded', 'applicant_id_number', 'reminded_due_at', 'reminded_overdue', 'remind_check_due', 'remind_check_at', 'remind_check_basis', 'state', 'submitted_at', 'received_at', 'due_at', 'original_due_at',
  'finished_at', 'process_instance_key', 'process_start_requested_at', 'report_on_time', 'report_late_reason', 'report_paused_ms', 'docs_input', 'docs_result',
  'created_by', 'version', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof DossierListRow>;

/** SQL's order: the key (nulls last ascending, first descending, as PostgreSQL), then the code (ASCII: byte order). */
function sortedLikeSql<R extends { key: Date | null; code: string }>(rows: R[], direction: 'asc' | 'desc'): R[] {
  const sign = direction === 'asc' ? 1 : -1;
  const key = (r: R) => (r.key === null ? Infinity : new Date(r.key).getTime());
  return [...rows].sort((a, b) => sign * (key(a) - key(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
}
