/**
 * The transition table: for each action, the statuses it may start from, where it goes, who may
 * do it and the outbox event it emits. Guards and effects are in `effects.ts`.
 */
import type { DossierAction } from './inputs.ts';
import type { ActorRole, DossierStatus } from './statuses.ts';

/** A source of a transition: a status, or `none` for actions that create the dossier. */
export type TransitionSource = DossierStatus | 'none';

/** One row of the table. */
export interface TransitionSpec {
  vi: string;
  en: string;
  from: readonly TransitionSource[];
  /** Every status the action can lead to (the effect chooses among them). */
  to: readonly DossierStatus[];
  roles: readonly ActorRole[];
  /** Outbox event type. */
  event: string;
  /** Form of Circular 03/2025 the action usually prints, if any. */
  form?: '01' | '02' | '03' | '04' | '05';
}

const PAUSABLE = ['registered', 'accepted', 'processing'] as const;
const BEFORE_DECISION = ['registered', 'accepted', 'processing', 'supplement_requested', 'fee_required'] as const;

/** The transition table. */
export const TRANSITIONS: Readonly<Record<DossierAction, TransitionSpec>> = {
  register_online: {
    vi: 'Đăng ký trực tuyến', en: 'Register online', from: ['none'], to: ['registered'],
    roles: ['applicant', 'system'], event: 'dossier.registered',
  },
  receive: {
    vi: 'Tiếp nhận hồ sơ giấy', en: 'Receive a paper dossier', from: ['none'], to: ['accepted'],
    roles: ['receptionist'], event: 'dossier.accepted', form: '01',
  },
  refuse: {
    vi: 'Từ chối tiếp nhận', en: 'Refuse', from: ['none', 'registered'], to: ['refused'],
    roles: ['receptionist'], event: 'dossier.refused', form: '03',
  },
  accept: {
    vi: 'Tiếp nhận hồ sơ trực tuyến', en: 'Accept an online dossier', from: ['registered'], to: ['accepted'],
    roles: ['receptionist'], event: 'dossier.accepted', form: '01',
  },
  request_supplement: {
    vi: 'Yêu cầu bổ sung hồ sơ', en: 'Request a supplement', from: PAUSABLE, to: ['supplement_requested'],
    roles: ['receptionist', 'specialist'], event: 'dossier.supplement_requested', form: '02',
  },
  receive_supplement: {
    vi: 'Nhận hồ sơ bổ sung', en: 'Receive the supplement', from: ['supplement_requested'], to: [...PAUSABLE],
    roles: ['receptionist', 'applicant'], event: 'dossier.supplement_received',
  },
  close_unsupplemented: {
    vi: 'Đóng hồ sơ không bổ sung', en: 'Close an unsupplemented dossier', from: ['supplement_requested'],
    to: ['stopped'], roles: ['system', 'receptionist', 'supervisor'], event: 'dossier.closed_unsupplemented',
  },
  start_processing: {
    vi: 'Chuyển xử lý', en: 'Start processing', from: ['accepted'], to: ['processing'],
    roles: ['receptionist', 'specialist'], event: 'dossier.processing_started',
  },
  require_fee: {
    vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Require a fee', from: [...PAUSABLE, 'decided'],
    to: ['fee_required'], roles: ['receptionist', 'specialist'], event: 'dossier.fee_required',
  },
  record_payment: {
    vi: 'Ghi nhận thanh toán', en: 'Record a payment', from: ['fee_required'],
    to: ['fee_required', ...PAUSABLE, 'decided'], roles: ['receptionist', 'system'], event: 'dossier.payment_recorded',
  },
  extend: {
    vi: 'Gia hạn thời gian giải quyết', en: 'Extend the time limit', from: ['accepted', 'processing'],
    to: ['accepted', 'processing'], roles: ['specialist', 'leader', 'supervisor'], event: 'dossier.extended', form: '04',
  },
  request_withdrawal: {
    vi: 'Yêu cầu rút hồ sơ', en: 'Request withdrawal', from: BEFORE_DECISION, to: ['withdrawal_requested'],
    roles: ['applicant', 'receptionist'], event: 'dossier.withdrawal_requested',
  },
  cancel_withdrawal: {
    vi: 'Hủy yêu cầu rút hồ sơ', en: 'Cancel the withdrawal request', from: ['withdrawal_requested'],
    to: [...BEFORE_DECISION], roles: ['applicant', 'receptionist'], event: 'dossier.withdrawal_cancelled',
  },
  stop: {
    vi: 'Dừng giải quyết hồ sơ', en: 'Stop processing', from: [...BEFORE_DECISION, 'withdrawal_requested'],
    to: ['stopped'], roles: ['receptionist', 'leader', 'supervisor'], event: 'dossier.stopped', form: '05',
  },
  decide: {
    vi: 'Ra quyết định giải quyết', en: 'Decide', from: ['processing'], to: ['decided'],
    roles: ['leader'], event: 'dossier.decided',
  },
  return_result: {
    vi: 'Trả kết quả', en: 'Return the result', from: ['decided'], to: ['returned'],
    roles: ['receptionist'], event: 'dossier.result_returned',
  },
  correct_result: {
    vi: 'Đính chính kết quả', en: 'Correct the result', from: ['returned'], to: ['returned'],
    roles: ['specialist', 'leader'], event: 'dossier.result_corrected',
  },
};

/** Every action name, in table order. */
export const DOSSIER_ACTIONS = Object.keys(TRANSITIONS) as DossierAction[];

/** Every possible source, for enumerating forbidden pairs. */
export const ALL_SOURCES: readonly TransitionSource[] = [
  'none', 'registered', 'accepted', 'refused', 'processing', 'supplement_requested',
  'fee_required', 'withdrawal_requested', 'stopped', 'decided', 'returned',
];

/** True when the table allows `action` from `source` (roles and guards aside). */
export function isAllowedFrom(action: DossierAction, source: TransitionSource): boolean {
  return TRANSITIONS[action].from.includes(source);
}

/** The actions the table allows from a status, e.g. to show buttons. */
export function actionsFrom(source: TransitionSource): DossierAction[] {
  return DOSSIER_ACTIONS.filter((a) => isAllowedFrom(a, source));
}
