/**
 * Effects of the processing actions: forwarding, fees and payments, extension (Art. 19.6),
 * withdrawal and stop (Art. 21), decision, result return (Art. 22) and correction (Art. 23).
 */
import { REASONS } from './errors.ts';
import {
  existing, futureDate, isFailure, oneOf, optionalText, pastDate, text, vnd, workingDays, type Effect,
} from './effect-kit.ts';
import { endPause, type Pause } from './state.ts';
import { DECISION_OUTCOMES, PAYMENT_METHODS, RETURN_MODES } from './statuses.ts';

/** Working days, from the error being reported or found, within which a result is corrected (Art. 23). */
export const CORRECTION_WINDOW_WORKING_DAYS = 3;
/** Working days before the due date by which an extension must be asked for (Art. 19.6). */
export const EXTENSION_NOTICE_WORKING_DAYS = 1;

function endAllPauses(pauses: readonly Pause[], at: Date): Pause[] {
  return pauses.map((p) => (p.to === null ? { ...p, to: at } : p));
}

export const startProcessing: Effect<'start_processing'> = (state, input, env) => {
  const s = existing(state);
  const assignee = optionalText(env, 'assignee', input.assignee);
  if (isFailure(assignee)) return assignee;
  return { next: { ...s, status: 'processing' }, details: { assignee } };
};

export const requireFee: Effect<'require_fee'> = (state, input, env) => {
  const s = existing(state);
  const amount = vnd(env, 'amount', input.amount, 1);
  if (isFailure(amount)) return amount;
  const description = text(env, 'description', input.description);
  if (isFailure(description)) return description;
  const next = {
    ...s,
    status: 'fee_required' as const,
    feeDue: s.feeDue + amount,
    resumeTo: { ...s.resumeTo, fee: s.status },
    pauses: [...s.pauses, { kind: 'fee' as const, from: env.now, to: null }],
  };
  return { next, details: { amount, description, feeDue: next.feeDue, feePaid: s.feePaid } };
};

export const recordPayment: Effect<'record_payment'> = (state, input, env) => {
  const s = existing(state);
  const method = oneOf(env, 'method', input.method, PAYMENT_METHODS);
  if (isFailure(method)) return method;
  const amount = vnd(env, 'amount', input.amount, 0);
  if (isFailure(amount)) return amount;
  const reference = optionalText(env, 'reference', input.reference);
  if (isFailure(reference)) return reference;
  if (amount > s.feeDue - s.feePaid) return env.fail('PAYMENT_EXCEEDS_DUE', REASONS.paymentExceeds, 'amount');
  const feePaid = s.feePaid + amount;
  const payments = [...s.payments, { method, amount, at: env.now, reference }];
  const settled = feePaid >= s.feeDue;
  const next = settled
    ? {
        ...s, feePaid, payments,
        status: s.resumeTo.fee ?? 'processing',
        resumeTo: { ...s.resumeTo, fee: null },
        pauses: endPause(s.pauses, 'fee', env.now),
      }
    : { ...s, feePaid, payments };
  return { next, details: { method, amount, reference, feeDue: s.feeDue, feePaid, settled } };
};

export const extend: Effect<'extend'> = (state, input, env) => {
  const s = existing(state);
  const reason = text(env, 'reason', input.reason);
  if (isFailure(reason)) return reason;
  const newDueAt = futureDate(env, 'newDueAt', input.newDueAt, s.dueAt);
  if (isFailure(newDueAt)) return newDueAt;
  if (s.extensions >= 1) return env.fail('EXTENSION_ALREADY_USED', REASONS.extensionOnce);
  if (!s.dueAt) return env.fail('EXTENSION_TOO_LATE', REASONS.extensionLate);
  const left = workingDays(env, env.now, s.dueAt);
  if (isFailure(left)) return left;
  // Past the notice deadline the apology (form 04) is still owed and recorded, marked late; the dossier
  // is then judged against its original due date (`judgedDueAt`).
  const late = left < EXTENSION_NOTICE_WORKING_DAYS;
  const originalDueAt = s.originalDueAt ?? s.dueAt;
  const next = { ...s, dueAt: newDueAt, originalDueAt, extensionLate: late, extensions: s.extensions + 1 };
  return { next, details: { reason, previousDueAt: s.dueAt.toISOString(), originalDueAt: originalDueAt.toISOString(), newDueAt: newDueAt.toISOString(), late } };
};

export const requestWithdrawal: Effect<'request_withdrawal'> = (state, input, env) => {
  const s = existing(state);
  const reason = optionalText(env, 'reason', input.reason);
  if (isFailure(reason)) return reason;
  const next = {
    ...s,
    status: 'withdrawal_requested' as const,
    resumeTo: { ...s.resumeTo, withdrawal: s.status },
    pauses: [...s.pauses, { kind: 'withdrawal' as const, from: env.now, to: null }],
  };
  return { next, details: { reason } };
};

export const cancelWithdrawal: Effect<'cancel_withdrawal'> = (state, _input, env) => {
  const s = existing(state);
  const resume = s.resumeTo.withdrawal ?? 'processing';
  const next = {
    ...s,
    status: resume,
    resumeTo: { ...s.resumeTo, withdrawal: null },
    pauses: endPause(s.pauses, 'withdrawal', env.now),
  };
  return { next, details: { resumedTo: resume } };
};

export const stop: Effect<'stop'> = (state, input, env) => {
  const s = existing(state);
  const reason = text(env, 'reason', input.reason);
  if (isFailure(reason)) return reason;
  const closedReason = s.status === 'withdrawal_requested' ? ('withdrawn' as const) : ('stopped' as const);
  const next = { ...s, status: 'stopped' as const, closedReason, pauses: endAllPauses(s.pauses, env.now) };
  return { next, details: { reason, closedReason } };
};

export const decide: Effect<'decide'> = (state, input, env) => {
  const s = existing(state);
  const outcome = oneOf(env, 'outcome', input.outcome, DECISION_OUTCOMES);
  if (isFailure(outcome)) return outcome;
  const reason = outcome === 'rejected' ? text(env, 'reason', input.reason) : optionalText(env, 'reason', input.reason);
  if (isFailure(reason)) return reason;
  const next = { ...s, status: 'decided' as const, decision: { outcome, reason, at: env.now } };
  return { next, details: { outcome, reason } };
};

export const returnResult: Effect<'return_result'> = (state, input, env) => {
  const s = existing(state);
  const mode = oneOf(env, 'mode', input.mode, RETURN_MODES);
  if (isFailure(mode)) return mode;
  if (s.feePaid < s.feeDue) return env.fail('FEE_OUTSTANDING', REASONS.feeOutstanding);
  const next = { ...s, status: 'returned' as const, returnedAt: env.now, returnMode: mode };
  const early = s.dueAt !== null && env.now.getTime() < s.dueAt.getTime();
  return { next, details: { mode, dueAt: s.dueAt ? s.dueAt.toISOString() : null, early } };
};

/**
 * Correcting a returned result is the agency's duty at any time (Art. 23): the correction is due
 * `CORRECTION_WINDOW_WORKING_DAYS` after the error was reported or found (`dueAt`, computed by the
 * caller with the calendar); a later one is accepted and recorded as late.
 */
export const correctResult: Effect<'correct_result'> = (state, input, env) => {
  const s = existing(state);
  const description = text(env, 'description', input.description);
  if (isFailure(description)) return description;
  const reportedAt = pastDate(env, 'reportedAt', input.reportedAt, s.returnedAt);
  if (isFailure(reportedAt)) return reportedAt;
  const dueAt = futureDate(env, 'dueAt', input.dueAt, reportedAt);
  if (isFailure(dueAt)) return dueAt;
  const late = env.now.getTime() > dueAt.getTime();
  const correction = s.corrections + 1;
  return {
    next: { ...s, corrections: correction },
    details: { description, correction, reportedAt: reportedAt.toISOString(), correctionDueAt: dueAt.toISOString(), late },
  };
};
