/**
 * The lifecycle state of one dossier: only what the state machine needs to check transitions.
 * Applicant details, documents and hops live elsewhere. Times are `Date` instants.
 */
import type {
  Channel, ClosedReason, DecisionOutcome, DossierStatus, PaymentMethod, ReturnMode,
} from './statuses.ts';

/** A period when the clock was paused (supplement, fee, withdrawal request). Kept for the 766 metrics. */
export interface Pause {
  kind: 'supplement' | 'fee' | 'withdrawal';
  from: Date;
  /** Null while the pause lasts. */
  to: Date | null;
}

/** One recorded payment. */
export interface Payment {
  method: PaymentMethod;
  /** Amount in VND, integer ≥ 0. */
  amount: number;
  at: Date;
  reference: string | null;
}

/** The lifecycle state of a dossier. */
export interface DossierState {
  code: string;
  status: DossierStatus;
  channel: Channel;
  /** When the applicant submitted it (online registration or counter reception). */
  submittedAt: Date;
  /** When the complete, valid dossier was received: the clock starts here (form 01). Null before acceptance. */
  receivedAt: Date | null;
  /** Current due date for the result; null before acceptance. */
  dueAt: Date | null;
  /** Supplement requests so far (Art. 11.2c: at most one). */
  supplementRequests: number;
  /** The applicant must supplement before this time, or the dossier is closed. */
  supplementDueAt: Date | null;
  /** Extensions so far (Art. 19.6: at most one). */
  extensions: number;
  /** The due date before the extension (Art. 19.6); absent or null when never extended. */
  originalDueAt?: Date | null;
  /** True when the extension (and its apology, form 04) came after the notice deadline of Art. 19.6. */
  extensionLate?: boolean;
  /** Total fees required, VND. */
  feeDue: number;
  /** Total fees paid, VND. */
  feePaid: number;
  payments: Payment[];
  decision: { outcome: DecisionOutcome; reason: string | null; at: Date } | null;
  returnedAt: Date | null;
  returnMode: ReturnMode | null;
  corrections: number;
  closedReason: ClosedReason | null;
  /** Status to go back to when each kind of pause ends. */
  resumeTo: { supplement: DossierStatus | null; fee: DossierStatus | null; withdrawal: DossierStatus | null };
  pauses: Pause[];
}

/** Fields of a new dossier, before the first transition sets status-specific ones. */
export function blankState(code: string, channel: Channel, submittedAt: Date): DossierState {
  return {
    code,
    status: 'registered',
    channel,
    submittedAt,
    receivedAt: null,
    dueAt: null,
    supplementRequests: 0,
    supplementDueAt: null,
    extensions: 0,
    feeDue: 0,
    feePaid: 0,
    payments: [],
    decision: null,
    returnedAt: null,
    returnMode: null,
    corrections: 0,
    closedReason: null,
    resumeTo: { supplement: null, fee: null, withdrawal: null },
    pauses: [],
  };
}

/** Close the open pause of a kind at `at`; returns a new array. */
export function endPause(pauses: readonly Pause[], kind: Pause['kind'], at: Date): Pause[] {
  return pauses.map((p) => (p.kind === kind && p.to === null ? { ...p, to: at } : p));
}
