/** The shapes of `/api/supervision/*` and `/api/reports/ii06a`, and where each count leads. */
export const BUCKETS = ['in_time', 'due_soon', 'overdue', 'paused'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type Counts = Record<Bucket, number>;
export type GroupRow = Counts & { id: string; name: string | null };

export interface Summary {
  agencyId: string;
  asOf: string;
  totals: Counts;
  byAgency: GroupRow[];
  byProcedure: GroupRow[];
  byStep: GroupRow[];
}

export interface OverdueItem {
  taskKey: string;
  step: string | null;
  stepName: string | null;
  dueAt: string;
  lateMs: number;
  since: string;
  agencyId: string;
  agencyName: string;
  candidateGroups: string[];
  holder: { id: string; fullName: string; username: string } | null;
  dossier: { code: string; applicantName: string; procedureId: string; procedureName: string; dueAt: string | null };
}

export interface PausedDossier { code: string; applicantName: string; procedureId: string; procedureName: string; agencyName: string; since: string | null }

export interface Ii06aFigures {
  received: { total: number; online: number; offline: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  inProgress: { total: number; withinDue: number; overdue: number };
}

export interface Ii06aReport {
  period: { from: string; to: string };
  agency: { id: string; name: string };
  asOf: string;
  rows: Array<{ field: string } & Ii06aFigures>;
  total: Ii06aFigures;
}

export const cellsOf = (f: Ii06aFigures) => [f.received.total, f.received.online, f.received.offline, f.received.carriedOver, f.resolved.total, f.resolved.early, f.resolved.onTime, f.resolved.late, f.inProgress.total, f.inProgress.withinDue, f.inProgress.overdue];

/** Where the list behind a count is: the agency's task list, or a list on this page (overdue, paused). */
export function countHref(bucket: Bucket, by: { procedureId?: string; step?: string }, taskList: boolean): string | null {
  if (bucket === 'paused') return '#cho-bo-sung';
  if (!taskList) return bucket === 'overdue' ? '#qua-han' : null;
  const q = new URLSearchParams({ view: 'agency' });
  if (by.procedureId) q.set('procedureId', by.procedureId);
  if (by.step && by.step !== 'supplement') q.set('step', by.step);
  if (bucket === 'overdue') q.set('overdue', 'true');
  if (bucket === 'due_soon') q.set('dueSoon', 'true');
  return `/cong-viec?${q.toString()}`;
}

/** `GET /api/supervision/heatmap`: a procedure's diagram with the dossiers waiting (and overdue) at each element. */
export interface Heatmap {
  procedureId: string;
  version: number;
  versions: number[];
  xml: string;
  asOf: string;
  elements: Array<{ elementId: string; name: string | null; waiting: number; overdue: number }>;
}

/** An item of `GET /api/supervision/heatmap/items`. */
export interface HeatmapItem {
  taskKey: string;
  stepName: string | null;
  code: string;
  applicantName: string;
  agencyName: string;
  candidateGroups: string[];
  dueAt: string | null;
  sla: string;
  holder: { id: string; fullName: string; username: string } | null;
}
