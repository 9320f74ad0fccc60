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
import { likeEscaped, searchTerm } from './search.ts';

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
}

export interface DossierListPage {
  rows: Dossier[];
  /** Dossiers matching, counted up to {@link LIST_WINDOW}. */
  total: number;
  /** False when there are more than `total`. */
  totalExact: boolean;
}


type Visible = SelectQueryBuilder<Database & { v: Database['dossier_visibility'] }, 'v', object>;

function filtered(db: Kysely<Database>, q: DossierListQuery): Visible {
  let query = db.selectFrom('dossier_visibility as v').where('v.agency_id', '=', q.agencyId) as Visible;
  if (q.status) query = query.where('v.status', '=', q.status);
  if (q.procedureId) query = query.where('v.procedure_id', '=', q.procedureId);
  if (q.receivedFrom) query = query.where('v.received_at', '>=', q.receivedFrom);
  if (q.receivedTo) query = query.where('v.received_at', '<', q.receivedTo);
  if (q.overdue) query = query.where('v.finished_at', 'is', null).where('v.status', 'in', ['accepted', 'processing']).where('v.due_at', '<', q.now);
  if (q.q) {
    const term = searchTerm(q.q);
    const like = `%${likeEscaped(term)}%`;
    // A set of dossier ids from the trigram indexes (or a scan where pg_trgm is absent), probed by the primary key.
    // A term with a space is no code (codes have none) and one without a letter no name: that index is not read.
    query = query.where('v.dossier_id', 'in', db.selectFrom('dossiers as d').select('d.id').where((eb) => eb.or([
      ...(/\s/u.test(term) ? [] : [eb('d.code', 'ilike', like)]),
      ...(/\p{L}/u.test(term) ? [sql<boolean>`d.applicant_name_folded like '%' || fold_vi(${likeEscaped(term)}) || '%'`] : []),
      eb('d.applicant_id_number', '=', term),
    ])));
  }
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
    const page = await base.select('v.dossier_id')
      .orderBy(sql.ref(`v.${column}`), direction).orderBy('v.code', direction)
      .limit(q.pageSize).offset(offset).execute();
    return page.map((r) => r.dossier_id);
  }
  const rows = ids.length ? await db.selectFrom('dossiers').selectAll().where('id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((id) => byId.get(id)!).filter(Boolean), total: Math.min(n, window), totalExact: n <= window };
}

/** SQL's order: the key (nulls last ascending, first descending, as PostgreSQL), then the code (ASCII: byte order). */
function sortedLikeSql<R extends { key: Date | null; code: string }>(rows: R[], direction: 'asc' | 'desc'): R[] {
  const sign = direction === 'asc' ? 1 : -1;
  const key = (r: R) => (r.key === null ? Infinity : new Date(r.key).getTime());
  return [...rows].sort((a, b) => sign * (key(a) - key(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
}
