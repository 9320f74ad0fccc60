/**
 * `applyTransition`: one checked step of the dossier state machine. Pure: the time is a
 * parameter, working days come from an injected function, and nothing is mutated.
 */
import { REASONS, transitionError, type ErrorContext, type TransitionError } from './errors.ts';
import { isFailure, type Effect, type EffectEnv } from './effect-kit.ts';
import * as P from './effects-processing.ts';
import * as R from './effects-reception.ts';
import type { Actor, DossierAction, TransitionContext, TransitionInput } from './inputs.ts';
import type { DossierState } from './state.ts';
import { STATUS_INFO, type DossierStatus } from './statuses.ts';
import { TRANSITIONS } from './transitions.ts';

/** An outbox event describing a transition. */
export interface DossierEvent {
  /** e.g. `dossier.accepted`. */
  type: string;
  dossierCode: string;
  occurredAt: Date;
  payload: {
    action: DossierAction;
    from: DossierStatus | 'none';
    to: DossierStatus;
    /** National status codes (0 for `none`). */
    fromCode: number;
    toCode: number;
    actor: { roles: readonly string[]; id: string | null };
    [detail: string]: unknown;
  };
}

/** The result of `applyTransition`. */
export type TransitionResult =
  | { ok: true; next: DossierState; event: DossierEvent }
  | { ok: false; error: TransitionError };

const EFFECTS: { [A in DossierAction]: Effect<A> } = {
  register_online: R.registerOnline,
  receive: R.receive,
  refuse: R.refuse,
  accept: R.accept,
  request_supplement: R.requestSupplement,
  receive_supplement: R.receiveSupplement,
  close_unsupplemented: R.closeUnsupplemented,
  start_processing: P.startProcessing,
  require_fee: P.requireFee,
  record_payment: P.recordPayment,
  extend: P.extend,
  request_withdrawal: P.requestWithdrawal,
  cancel_withdrawal: P.cancelWithdrawal,
  stop: P.stop,
  decide: P.decide,
  return_result: P.returnResult,
  correct_result: P.correctResult,
};

function roleAllowed(actor: Actor | undefined, allowed: readonly string[]): boolean {
  return Array.isArray(actor?.roles) && actor.roles.some((r) => allowed.includes(r));
}

/**
 * Apply `action` to a dossier. `state` is null for actions that create the dossier
 * (`register_online`, `receive`, `refuse` at the counter).
 *
 * Checks, in order: the table allows the action from the current status (409
 * `TRANSITION_NOT_ALLOWED`); the actor has an allowed role (403); the input is valid (422); the
 * guards of the action (409). On success returns the new state and its outbox event.
 */
export function applyTransition<A extends DossierAction>(
  state: DossierState | null,
  action: A,
  input: TransitionInput<A>,
  now: Date,
  context: TransitionContext = {},
): TransitionResult {
  const spec = TRANSITIONS[action];
  const current = state ? state.status : 'none';
  const ctx: ErrorContext = { action, actionVi: spec?.vi ?? action, actionEn: spec?.en ?? action, current };
  if (!spec || !spec.from.includes(current)) {
    return { ok: false, error: transitionError('TRANSITION_NOT_ALLOWED', ctx, REASONS.notAllowed) };
  }
  if (!roleAllowed(input?.actor, spec.roles)) {
    return { ok: false, error: transitionError('ROLE_NOT_ALLOWED', ctx, REASONS.role) };
  }
  const env: EffectEnv = {
    now,
    fail: (code, reason, field) => ({ failure: transitionError(code, ctx, reason, field) }),
    workingDaysBetween: context.workingDaysBetween,
  };
  const effect = EFFECTS[action] as Effect<A>;
  const outcome = effect(state, input, env);
  if (isFailure(outcome)) return { ok: false, error: outcome.failure };
  const { next, details } = outcome;
  const event: DossierEvent = {
    type: spec.event,
    dossierCode: next.code,
    occurredAt: now,
    payload: {
      ...details,
      action,
      from: current,
      to: next.status,
      fromCode: current === 'none' ? 0 : STATUS_INFO[current].code,
      toCode: STATUS_INFO[next.status].code,
      actor: { roles: [...input.actor.roles], id: input.actor.id ?? null },
    },
  };
  return { ok: true, next, event };
}
