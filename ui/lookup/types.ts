/** The public lookup's answer (`GET /api/public/dossiers/:code`): the bare fields, and the rest with the PIN. */
export interface NextStep {
  kind: 'wait_review' | 'wait' | 'supplement' | 'pay_fee' | 'collect' | 'rate' | 'closed';
  items?: string[];
  reason?: string | null;
  supplementDueAt?: string | null;
  canUploadOnline?: boolean;
  uploadMaxBytes?: number;
  feeOwed?: number;
}

export interface LookupDocument {
  id: string;
  kind: 'input' | 'supplement';
  title: string;
  mimeType: string;
  size: number;
  addedAt: string | null;
}

export interface LookupResult {
  code: string;
  status: string;
  statusVi: string;
  statusEn: string;
  dueAt: string | null;
  sla: string | null;
  pinVerified: boolean;
  nextStep: NextStep;
  procedureVi?: string;
  procedureEn?: string;
  agency?: string;
  applicant?: string;
  submittedAt?: string | null;
  receivedAt?: string | null;
  finishedAt?: string | null;
  documents?: LookupDocument[];
  ratingLink?: string | null;
}

/** The header that carries the PIN (never the URL: it would be logged and kept in the history). */
export const pinHeaders = (pin: string) => ({ 'x-lookup-pin': pin.replace(/\s+/g, '') });

/** Whether a typed PIN has its 6 digits (spaces ignored). */
export const isPin = (pin: string) => /^[0-9]{6}$/.test(pin.replace(/\s+/g, ''));

/** Bytes as MB for people. */
export const megabytes = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;
