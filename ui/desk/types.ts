/** The shapes the desk reads from the API (the parts it uses). */

export type TimeLimit = { kind: 'workingDays'; days: number } | { kind: 'workingHours'; hours: number } | { kind: 'sameDay' };

export type Fee =
  | { kind: 'free'; note?: string }
  | { kind: 'fixed'; amountVnd: number; note?: string }
  | { kind: 'perPage'; firstPagesVnd: number; nextPagesVnd: number; fromPage: number; maxPerCopyVnd: number; note?: string }
  | { kind: 'provinceSet'; amountVnd: number | null; note: string };

export interface RequiredDocument {
  nameVi: string;
  nameEn: string;
  kind: 'original' | 'copy' | 'form' | 'either';
  required: boolean;
  conditionVi?: string;
}

/** A catalogue entry (`GET /api/procedures`). */
export interface Procedure {
  id: string;
  nationalCode: string | null;
  nameVi: string;
  nameEn: string;
  field: string;
  legalLimit: TimeLimit;
  fees: Fee[];
  requiredDocuments: RequiredDocument[];
  onlineLevel: 'full' | 'partial';
  active: boolean;
}

/** The subset of JSON Schema (draft 2020-12) the procedure forms use, every $ref inlined. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** `GET /api/procedures/:id`. */
export interface ProcedureDetail extends Procedure {
  formSchemaResolved: JsonSchema | null;
}

/** A dossier as the API shows it (the fields the desk uses). */
export interface Dossier {
  code: string;
  procedure: { id: string; nameVi: string; nameEn: string };
  status: string;
  channel: string;
  applicant: { fullName?: string; personalId?: string; phone?: string };
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  sla: string | null;
  /** Online dossiers waiting for review: the end of their 8 working hours, and its state. */
  reviewDueAt?: string | null;
  reviewSla?: string | null;
  actions?: string[];
}

/** `POST /api/identity/check`. */
export interface IdentityResult {
  idNumber: string;
  hasAccount: boolean;
  level: 1 | 2 | null;
  provider: string;
  /** The account holder's name, when the provider gives it. */
  fullName?: string;
}
