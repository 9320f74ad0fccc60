/** Shared fixtures for the dossier state machine tests: states reached through real transitions. */
import {
  applyTransition, TRANSITIONS, type ActorRole, type DossierAction, type DossierState,
  type TransitionContext, type TransitionInput, type TransitionSource,
} from '../../../api/domain/dossier/index.ts';

export const T0 = new Date('2026-02-24T02:00:00Z'); // 09:00 UTC+7
const DAY = 86_400_000;
export const at = (days: number, from = T0): Date => new Date(from.getTime() + days * DAY);
/** The time the generic tests apply actions at: later than every fixture deadline. */
export const T1 = at(20);
export const ONE_DAY: TransitionContext = { workingDaysBetween: () => 1 };

/** An actor with every role allowed for an action. */
export function actorFor(action: DossierAction): { roles: ActorRole[]; id: string } {
  return { roles: [...TRANSITIONS[action].roles], id: 'u1' };
}

const base = (b: Date): { [A in DossierAction]: Omit<TransitionInput<A>, 'actor'> } => ({
  register_online: { code: 'XA-260224-0001' },
  receive: { code: 'XA-260224-0001', channel: 'in_person', dueAt: at(5, b) },
  refuse: { reasons: ['Không thuộc thẩm quyền'], code: 'XA-260224-0001', channel: 'in_person' },
  accept: { dueAt: at(5, b) },
  request_supplement: { items: ['Bản sao giấy khai sinh'], supplementDueAt: at(15, b) },
  receive_supplement: { dueAt: at(25, b) },
  close_unsupplemented: {},
  start_processing: { assignee: 'specialist-1' },
  require_fee: { amount: 50_000, description: 'Lệ phí' },
  record_payment: { method: 'cash', amount: 50_000 },
  extend: { newDueAt: at(30, b), reason: 'Cần xác minh' },
  request_withdrawal: { reason: 'Không còn nhu cầu' },
  cancel_withdrawal: {},
  stop: { reason: 'Công dân rút hồ sơ' },
  decide: { outcome: 'approved' },
  return_result: { mode: 'both' },
  correct_result: { description: 'Sai ngày sinh', reportedAt: b, dueAt: at(3, b) },
});

/**
 * A valid input for an action applied at `now` (dates are relative to it), with an allowed actor;
 * `over` replaces fields.
 */
export function input<A extends DossierAction>(
  action: A, over: Partial<TransitionInput<A>> = {}, now = T0,
): TransitionInput<A> {
  return { ...base(now)[action], actor: actorFor(action), ...over } as TransitionInput<A>;
}

/** Apply or throw: for building fixtures. */
export function step<A extends DossierAction>(
  s: DossierState | null, action: A, now = T0, over: Partial<TransitionInput<A>> = {}, ctx = ONE_DAY,
): DossierState {
  const r = applyTransition(s, action, input(action, over, now), now, ctx);
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.en}`);
  return r.next;
}

const received = (): DossierState => step(null, 'receive');
const processing = (): DossierState => step(received(), 'start_processing');
const decided = (): DossierState => step(processing(), 'decide');

/** A dossier in a given status (null for `none`), reached through valid transitions at T0. */
export function stateIn(source: TransitionSource): DossierState | null {
  switch (source) {
    case 'none': return null;
    case 'registered': return step(null, 'register_online');
    case 'accepted': return received();
    case 'refused': return step(step(null, 'register_online'), 'refuse');
    case 'processing': return processing();
    case 'supplement_requested': return step(received(), 'request_supplement');
    case 'fee_required': return step(processing(), 'require_fee');
    case 'withdrawal_requested': return step(received(), 'request_withdrawal');
    case 'stopped': return step(received(), 'stop');
    case 'decided': return decided();
    case 'returned': return step(decided(), 'return_result');
  }
}
