/**
 * The task list's data and its query: what `GET /api/tasks` returns, and the list's filters as they
 * live in the URL (so that a view can be reloaded and shared) and in a saved filter. Pure.
 */
import type { Query } from '../shared/api.ts';

export interface Person {
  id: string;
  username: string;
  fullName: string;
}

export interface TaskItem {
  key: string;
  kind: 'user_task' | 'handoff';
  name: string;
  step: string | null;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED';
  agencyId: string | null;
  candidateGroups: string[];
  assignee: Person | null;
  dueAt: string | null;
  sla: string | null;
  createdAt: string;
  formKey: string | null;
  dossier: { code: string; status: string; applicantName: string; dueAt: string | null; procedureId: string; procedureName: string } | null;
  dossierCode?: string | null;
  /** The outcomes the procedure allows at this step (null: any of the step's schema). */
  outcomes: string[] | null;
  /** The step's form variable (`appraisal`). */
  variable: string | null;
}

export type JsonSchema = {
  type?: string;
  title?: string;
  description?: string;
  enum?: string[];
  format?: string;
  maxLength?: number;
  minLength?: number;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  if?: JsonSchema;
  then?: JsonSchema;
};

export interface TaskDetail extends TaskItem {
  formSchema: JsonSchema | null;
}

export interface SavedFilter {
  id: string;
  name: string;
  query: Record<string, unknown>;
  shared: boolean;
  ownerName: string | null;
  ownerUsername: string | null;
  mine: boolean;
}

export type View = 'all' | 'mine' | 'groups' | 'agency';
export type Sort = 'due' | '-due' | 'created';

/** The list's filters; absent means the default. */
export interface ListQuery {
  view?: View;
  step?: string;
  procedureId?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  q?: string;
  sort?: Sort;
  page: number;
}

export const PAGE_SIZE = 25;
export const STEPS = ['reception', 'triage', 'appraisal', 'verification', 'approval', 'delivery', 'handoff_police', 'handoff_social_insurance', 'handoff_provincial_department'];
const VIEWS: View[] = ['all', 'mine', 'groups', 'agency'];
const SORTS: Sort[] = ['due', '-due', 'created'];

const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
const flag = (v: unknown): boolean | undefined => (v === true || v === 'true' || v === '1' ? true : undefined);

/** The filters of a query string or a saved filter's query, unknown values dropped. */
export function parseQuery(src: URLSearchParams | Record<string, unknown>): ListQuery {
  const get = (k: string): unknown => (src instanceof URLSearchParams ? src.get(k) ?? undefined : src[k]);
  const view = get('view') as View;
  const sort = get('sort') as Sort;
  const page = Number(get('page'));
  return {
    view: VIEWS.includes(view) ? view : undefined,
    step: text(get('step'), 50),
    procedureId: text(get('procedureId'), 100),
    overdue: flag(get('overdue')),
    dueSoon: flag(get('dueSoon')),
    q: text(get('q'), 100),
    sort: SORTS.includes(sort) && sort !== 'due' ? sort : undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The filters without the page, only what was chosen (the URL's query, a saved filter's query). */
export function filtersOf(q: ListQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.view) out.view = q.view;
  if (q.step) out.step = q.step;
  if (q.procedureId) out.procedureId = q.procedureId;
  if (q.overdue) out.overdue = 'true';
  if (q.dueSoon) out.dueSoon = 'true';
  if (q.q) out.q = q.q;
  if (q.sort) out.sort = q.sort;
  return out;
}

/** The URL's query string of a list query ("" or "?view=mine&page=2"). */
export function searchOf(q: ListQuery): string {
  const s = new URLSearchParams({ ...filtersOf(q), ...(q.page > 1 ? { page: String(q.page) } : {}) }).toString();
  return s ? `?${s}` : '';
}

/** The `GET /api/tasks` query of a list query. */
export function apiQuery(q: ListQuery, defaultView: View): Query {
  return { ...filtersOf(q), view: q.view ?? defaultView, page: q.page, pageSize: PAGE_SIZE };
}

/** Whether two list queries select the same tasks (the page aside). */
export function sameFilters(a: ListQuery, b: ListQuery): boolean {
  return JSON.stringify(filtersOf(a)) === JSON.stringify(filtersOf(b));
}

/** The views a user has: leaders and supervisors watch their agency. */
export function viewsFor(roles: string[]): { views: View[]; defaultView: View } {
  const watcher = roles.some((r) => r === 'leader' || r === 'supervisor');
  return watcher ? { views: ['agency', 'mine', 'groups'], defaultView: 'agency' } : { views: ['all', 'mine', 'groups'], defaultView: 'all' };
}

/** The task's dossier code, whichever way the API gives it. */
export function codeOf(t: TaskItem): string {
  return t.dossier?.code ?? t.dossierCode ?? t.key;
}

/** What the user may do with a task (the API checks the same). */
export function permissions(t: TaskItem, me: { id: string; roles: string[] }) {
  const has = (...roles: string[]) => me.roles.some((r) => roles.includes(r));
  const open = t.state === 'CREATED';
  const mine = t.assignee?.id === me.id;
  const candidate = t.candidateGroups.some((g) => me.roles.includes(g));
  const outcomes = t.outcomes ?? [];
  const worker = open && mine && t.kind === 'user_task';
  return {
    mine,
    claim: open && !t.assignee && candidate && has('receptionist', 'specialist', 'leader'),
    unclaim: open && !!t.assignee && (mine || has('supervisor')),
    complete: worker && has('receptionist', 'specialist', 'leader'),
    supplement: worker && (t.step === 'appraisal' || t.step === 'triage') && outcomes.includes('supplement') && has('receptionist', 'specialist'),
    refuse: worker && (outcomes.includes('refuse') || (t.step === 'triage' && outcomes.includes('reject'))) && has('receptionist', 'specialist'),
    handoff: open && (mine || has('leader', 'supervisor')),
  };
}
