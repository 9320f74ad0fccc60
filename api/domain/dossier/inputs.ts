/**
 * The input of each lifecycle action. Every input names its actor; times other than `now`
 * (due dates, supplement deadlines) are computed by the caller with the working-time calendar.
 */
import type { ActorRole, Channel, DecisionOutcome, PaymentMethod, ReturnMode } from './statuses.ts';

/** Who performs an action. */
export interface Actor {
  roles: readonly ActorRole[];
  id?: string | null;
}

/** Inputs by action. */
export interface ActionInputs {
  /** The applicant submits online (national or provincial portal). */
  register_online: { code: string };
  /** A complete paper dossier is received at the counter or by post (form 01). */
  receive: { code: string; channel: 'in_person' | 'post'; dueAt: Date };
  /** Refusal with reasons (form 03). `code` and `channel` are needed when refused at the counter. */
  refuse: { reasons: readonly string[]; code?: string; channel?: Channel };
  /** An online dossier is accepted (form 01). */
  accept: { dueAt: Date };
  /** Supplement request (form 02): what is missing, and the deadline to supplement. */
  request_supplement: { items: readonly string[]; reason?: string; supplementDueAt: Date };
  /** The complete supplement arrives; when the dossier had been received, the clock restarts with `dueAt`. */
  receive_supplement: { dueAt?: Date };
  /** The applicant did not supplement in time. */
  close_unsupplemented: Record<string, never>;
  /** The dossier is forwarded to the competent person. */
  start_processing: { assignee?: string | null };
  /** A fee or other financial obligation is required, in VND. */
  require_fee: { amount: number; description: string };
  /** A payment is recorded. */
  record_payment: { method: PaymentMethod; amount: number; reference?: string | null };
  /** The due date is extended once, with an apology (form 04). */
  extend: { newDueAt: Date; reason: string };
  /** The applicant asks to withdraw. */
  request_withdrawal: { reason?: string };
  /** The applicant takes back the withdrawal request. */
  cancel_withdrawal: Record<string, never>;
  /** Processing is stopped (form 05), on the applicant's request or for a legal reason. */
  stop: { reason: string };
  /** The competent person decides. A rejection needs a reason. */
  decide: { outcome: DecisionOutcome; reason?: string };
  /** The result is returned. */
  return_result: { mode: ReturnMode };
  /**
   * A staff error in a returned result is corrected (Art. 23): when the error was reported or
   * found, and the correction's due date (3 working days after it).
   */
  correct_result: { description: string; reportedAt: Date; dueAt: Date };
}

/** A lifecycle action name. */
export type DossierAction = keyof ActionInputs;

/** The input of an action, with its actor. */
export type TransitionInput<A extends DossierAction> = ActionInputs[A] & { actor: Actor };

/**
 * Whole working days from `from` to `to` (0 when `to` is on the same working day or earlier),
 * per the centre's calendar. Injected so that the domain stays pure.
 */
export type WorkingDaysBetween = (from: Date, to: Date) => number;

/** Dependencies of the guards that count working time. */
export interface TransitionContext {
  workingDaysBetween?: WorkingDaysBetween;
}
