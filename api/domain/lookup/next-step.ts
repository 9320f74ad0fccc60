/**
 * What a citizen should do next with a dossier, from its state (the public lookup's "what to do
 * next"). Pure: the caller gives the state, the items of the supplement request and the time.
 *
 * - registered: wait for the centre's review (8 working hours, Decree 118 Art. 17.2);
 * - accepted, processing, withdrawal_requested: wait for the result by the due date;
 * - supplement_requested: supplement what is missing before `supplementDueAt` (Art. 19.5), online
 *   from the lookup page while the period runs, or at the counter;
 * - fee_required: pay the fee still owed at the counter;
 * - decided: collect the result at the receiving centre, with the receipt (form 01) and an ID card;
 * - returned: rate the service;
 * - refused, stopped: nothing more can be done with this dossier.
 */
import type { DossierState } from '../dossier/index.ts';

export type NextStepKind = 'wait_review' | 'wait' | 'supplement' | 'pay_fee' | 'collect' | 'rate' | 'closed';

export interface NextStep {
  kind: NextStepKind;
  /** Supplement: what is missing (the request's items) and the reason given. */
  items?: string[];
  reason?: string | null;
  /** Supplement: the last moment the supplement is accepted. */
  supplementDueAt?: Date | null;
  /** Supplement: whether the applicant may still upload it online (the period runs). */
  canUploadOnline?: boolean;
  /** Fee: what is still owed, VND. */
  feeOwed?: number;
}

/** The citizen's next step for a dossier in `state` at `now`. */
export function nextStep(state: DossierState, now: Date, supplement: { items: string[]; reason: string | null } = { items: [], reason: null }): NextStep {
  switch (state.status) {
    case 'registered':
      return { kind: 'wait_review' };
    case 'accepted':
    case 'processing':
    case 'withdrawal_requested':
      return { kind: 'wait' };
    case 'supplement_requested': {
      const due = state.supplementDueAt;
      return { kind: 'supplement', items: supplement.items, reason: supplement.reason, supplementDueAt: due, canUploadOnline: supplementOpen(state, now) };
    }
    case 'fee_required':
      return { kind: 'pay_fee', feeOwed: Math.max(0, state.feeDue - state.feePaid) };
    case 'decided':
      return { kind: 'collect' };
    case 'returned':
      return { kind: 'rate' };
    default:
      return { kind: 'closed' };
  }
}

/** Whether a supplement may still be given: the dossier waits for one and its period has not ended. */
export function supplementOpen(state: DossierState, now: Date): boolean {
  return state.status === 'supplement_requested' && (!state.supplementDueAt || now.getTime() < state.supplementDueAt.getTime());
}
