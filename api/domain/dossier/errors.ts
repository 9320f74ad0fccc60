/**
 * Errors of the dossier state machine: a stable code, an HTTP-ish status and messages in
 * Vietnamese and English that name the action and the current status.
 */
import { STATUS_INFO, type DossierStatus } from './statuses.ts';

/** Error codes the state machine returns, with their HTTP-ish status. */
export const TRANSITION_ERRORS = {
  TRANSITION_NOT_ALLOWED: 409,
  ROLE_NOT_ALLOWED: 403,
  INVALID_INPUT: 422,
  SUPPLEMENT_ALREADY_REQUESTED: 409,
  SUPPLEMENT_WINDOW_PASSED: 409,
  SUPPLEMENT_PERIOD_NOT_OVER: 409,
  EXTENSION_ALREADY_USED: 409,
  EXTENSION_TOO_LATE: 409,
  FEE_OUTSTANDING: 409,
  PAYMENT_EXCEEDS_DUE: 422,
  WORKING_TIME_UNAVAILABLE: 500,
} as const;

/** A state machine error code. */
export type TransitionErrorCode = keyof typeof TRANSITION_ERRORS;

/** A refused transition. */
export interface TransitionError {
  code: TransitionErrorCode;
  status: number;
  vi: string;
  en: string;
  /** The action tried and the status the dossier was in (`none` when it did not exist yet). */
  action: string;
  current: DossierStatus | 'none';
  /** The offending input field, for INVALID_INPUT. */
  field?: string;
}

/** What an error needs to know to name the action and status. */
export interface ErrorContext {
  action: string;
  actionVi: string;
  actionEn: string;
  current: DossierStatus | 'none';
}

function statusLabel(current: DossierStatus | 'none', lang: 'vi' | 'en'): string {
  if (current === 'none') return lang === 'vi' ? 'chưa có hồ sơ' : 'no dossier yet';
  return STATUS_INFO[current][lang];
}

/**
 * Build an error. `vi`/`en` explain the specific reason; the action and the current status are
 * appended so that every message names both.
 */
export function transitionError(
  code: TransitionErrorCode,
  ctx: ErrorContext,
  reason: { vi: string; en: string },
  field?: string,
): TransitionError {
  const vi = `${reason.vi} (thao tác «${ctx.actionVi}», trạng thái hiện tại «${statusLabel(ctx.current, 'vi')}»)`;
  const en = `${reason.en} (action "${ctx.actionEn}", current status "${statusLabel(ctx.current, 'en')}")`;
  const err: TransitionError = {
    code, status: TRANSITION_ERRORS[code], vi, en, action: ctx.action, current: ctx.current,
  };
  if (field !== undefined) err.field = field;
  return err;
}

/** Reasons of the errors that need no detail. */
export const REASONS = {
  notAllowed: { vi: 'Thao tác không được phép ở trạng thái này', en: 'This action is not allowed in this status' },
  role: { vi: 'Vai trò của bạn không được thực hiện thao tác này', en: 'Your role may not perform this action' },
  supplementOnce: { vi: 'Chỉ được yêu cầu bổ sung hồ sơ một lần', en: 'A supplement may be requested only once' },
  supplementWindow: {
    vi: 'Đã quá 03 ngày làm việc kể từ ngày tiếp nhận, không được yêu cầu bổ sung',
    en: 'More than 3 working days have passed since receipt; a supplement can no longer be requested',
  },
  supplementNotOver: {
    vi: 'Chưa hết thời hạn bổ sung hồ sơ', en: 'The supplement period is not over yet',
  },
  extensionOnce: { vi: 'Chỉ được gia hạn một lần', en: 'The time limit may be extended only once' },
  extensionLate: {
    vi: 'Phải đề nghị gia hạn chậm nhất 01 ngày làm việc trước hạn trả kết quả',
    en: 'An extension must be requested at least 1 working day before the due date',
  },
  feeOutstanding: {
    vi: 'Còn phí, lệ phí chưa nộp đủ', en: 'Fees are still outstanding',
  },
  paymentExceeds: {
    vi: 'Số tiền nộp vượt quá số còn phải nộp', en: 'The payment exceeds the amount outstanding',
  },
  workingTime: {
    vi: 'Thiếu lịch làm việc để tính ngày làm việc', en: 'No working-time calendar was given to count working days',
  },
} as const;
