/**
 * What the dossier page reads from the API, and the dossier actions it may post: the shapes of
 * `GET /api/dossiers/:code` and its history, documents, open tasks and process, and the action →
 * route table of `api/routes/dossier-transitions.ts` (ACTION_ROUTES).
 */
import { api, ApiError, type Page } from '../shared/api.ts';

export interface DossierView {
  id: string;
  code: string;
  procedure: { id: string; nameVi: string; nameEn: string };
  status: string;
  statusCode: number;
  statusVi: string;
  statusEn: string;
  channel: 'in_person' | 'post' | 'online';
  applicant: Applicant;
  formData: Record<string, unknown>;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  supplementDueAt: string | null;
  supplementRequests: number;
  extensions: number;
  feeDue: number;
  feePaid: number;
  decision: { outcome: 'approved' | 'rejected'; reason: string | null; at: string | null } | null;
  returnedAt: string | null;
  returnMode: 'paper' | 'electronic' | 'both' | null;
  closedReason: string | null;
  pauses: Array<{ kind: string; from: string | null; to: string | null }>;
  sla: string | null;
  reviewDueAt?: string | null;
  reviewSla?: string | null;
  processInstanceKey: string | null;
  actions: string[];
  version: number;
}

export interface Applicant {
  fullName?: string;
  personalId?: string;
  phone?: string;
  email?: string;
  dateOfBirth?: string;
  address?: { province?: string; commune?: string; detail?: string } | string;
}

export interface HistoryEntry {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  at: string;
  actorId: string | null;
  agencyId: string | null;
  /** Not sent by the API yet (see the report): shown when present. */
  actorName?: string | null;
  agencyName?: string | null;
  details: Record<string, unknown>;
}

export interface DocumentItem {
  id: string;
  kind: 'input' | 'supplement' | 'result';
  typeCode: string;
  title: string;
  fileName: string;
  mimeType: string;
  size: number;
  createdAt: string;
}

export interface TaskItem {
  key: string;
  name: string | null;
  step: string | null;
  candidateGroups: string[];
  assignee: { id: string; username: string; fullName: string } | null;
  dueAt: string | null;
  sla: string | null;
  createdAt: string;
}

export interface ProcessView {
  processInstanceKey: string | null;
  bpmnProcessId: string;
  version: number | null;
  xml: string | null;
  active: string[];
  completed: string[];
  incidents: string[];
}

/** Statuses after which nobody works on the dossier any more. */
export const FINISHED = ['refused', 'stopped', 'returned'];

export const dossierPath = (code: string, rest = '') => `/api/dossiers/${encodeURIComponent(code)}${rest}`;

export const loadDossier = (code: string) => api.get<DossierView>(dossierPath(code));
export const loadHistory = (code: string) => api.get<HistoryEntry[]>(dossierPath(code, '/history'));
export const loadDocuments = (code: string) => api.get<DocumentItem[]>(dossierPath(code, '/documents'));
export const loadProcess = (code: string) => api.get<ProcessView>(dossierPath(code, '/process'));

/** The dossier's open tasks; null when the user may not list tasks (403). */
export async function loadTasks(code: string): Promise<TaskItem[] | null> {
  try {
    return (await api.get<Page<TaskItem>>('/api/tasks', { dossierCode: code, view: 'all', pageSize: 20 })).items;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return null;
    throw err;
  }
}

/** The route of each action on an existing dossier (ACTION_ROUTES of the API). */
export const ACTION_PATHS: Record<string, string> = {
  accept: 'accept',
  refuse: 'refuse',
  request_supplement: 'request-supplement',
  receive_supplement: 'receive-supplement',
  close_unsupplemented: 'close-unsupplemented',
  start_processing: 'start-processing',
  require_fee: 'require-fee',
  record_payment: 'payments',
  extend: 'extend',
  request_withdrawal: 'request-withdrawal',
  cancel_withdrawal: 'cancel-withdrawal',
  stop: 'stop',
  decide: 'decide',
  return_result: 'return-result',
  correct_result: 'correct-result',
};

/**
 * The buttons to show: the view's `actions` (the state machine and the user's roles), less those
 * whose one-time rule the dossier has already used and the server would refuse for certain
 * (a second supplement request or extension, closing before the supplement period is over,
 * returning a result with fees outstanding). Actions without a route are never shown.
 */
export function availableActions(v: DossierView, now = Date.now()): string[] {
  return v.actions.filter((a) => {
    if (!ACTION_PATHS[a]) return false;
    if (a === 'request_supplement') return v.supplementRequests < 1;
    if (a === 'extend') return v.extensions < 1;
    if (a === 'close_unsupplemented') return !v.supplementDueAt || new Date(v.supplementDueAt).getTime() <= now;
    if (a === 'return_result') return v.feePaid >= v.feeDue;
    return true;
  });
}

export const postAction = (code: string, action: string, body: Record<string, unknown>) => api.post<DossierView>(dossierPath(code, `/${ACTION_PATHS[action]}`), body);

export type FormNo = '01' | '02' | '03' | '04' | '05' | '06';

/**
 * The forms of Circular 03/2025 that exist for the dossier now (api/services/form-inputs.ts):
 * 01 once received, 02 once a supplement was requested, 03 when refused, 04 when extended,
 * 05 when stopped, 06 once received. Form 07 is the register of a period, not of a dossier.
 */
export function availableForms(v: DossierView, history: HistoryEntry[] | null): FormNo[] {
  const did = (a: string) => !!history?.some((h) => h.action === a);
  const out: FormNo[] = [];
  if (v.dueAt && (did('receive') || did('accept'))) out.push('01');
  if (v.supplementRequests > 0 || did('request_supplement')) out.push('02');
  if (v.status === 'refused' || did('refuse')) out.push('03');
  if (v.dueAt && (v.extensions > 0 || did('extend'))) out.push('04');
  if (did('stop')) out.push('05');
  if (v.dueAt) out.push('06');
  return out;
}

/** The message of an error for the user (the server's, in the user's language). */
export function errorText(err: unknown, fallback: string): string {
  return err instanceof ApiError ? err.message : fallback;
}
