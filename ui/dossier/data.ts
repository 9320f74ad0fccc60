/**
 * What the dossier page reads from the API, and the dossier actions it may post: the shapes of
 * `GET /api/dossiers/:code` (with who holds it and its forms) and its history, documents and
 * process, and the action → route table of `api/routes/dossier-transitions.ts` (ACTION_ROUTES).
 */
import { api, ApiError } from '../shared/api.ts';

/** A dossier as every dossier route answers it (an action's answer too). */
export interface DossierBase {
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

/** An open task of the dossier: who holds it now (`holders` of the single-dossier view). */
export interface Holder {
  step: string | null;
  name: string | null;
  agencyId: string | null;
  agencyName: string | null;
  assignee: { id: string; fullName: string } | null;
  candidateGroups: string[];
  since: string;
  dueAt: string | null;
  sla: string | null;
}

/** `GET /api/dossiers/:code`: the dossier, its open tasks and the forms that exist for its state. */
export interface DossierView extends DossierBase {
  holders: Holder[];
  forms: FormNo[];
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
  /** The officer's full name; null for the system or the applicant. */
  actorName: string | null;
  agencyId: string | null;
  agencyName: string | null;
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
export function availableActions(v: DossierBase, now = Date.now()): string[] {
  return v.actions.filter((a) => {
    if (!ACTION_PATHS[a]) return false;
    if (a === 'request_supplement') return v.supplementRequests < 1;
    if (a === 'extend') return v.extensions < 1;
    if (a === 'close_unsupplemented') return !v.supplementDueAt || new Date(v.supplementDueAt).getTime() <= now;
    if (a === 'return_result') return v.feePaid >= v.feeDue;
    return true;
  });
}

export const postAction = (code: string, action: string, body: Record<string, unknown>) => api.post<DossierBase>(dossierPath(code, `/${ACTION_PATHS[action]}`), body);

/** A form of Circular 03/2025 printed for one dossier (`forms` of the view: api/forms/available.ts). */
export type FormNo = '01' | '02' | '03' | '04' | '05' | '06';

/** The message of an error for the user (the server's, in the user's language). */
export function errorText(err: unknown, fallback: string): string {
  return err instanceof ApiError ? err.message : fallback;
}
