/**
 * Typed errors of the SLA rules, each with a stable `code` and messages in Vietnamese and
 * English. Functions return them in a {@link SlaResult} rather than throwing.
 */

/** Codes of rule violations. */
export type SlaErrorCode =
  | 'SUPPLEMENT_ALREADY_REQUESTED'
  | 'SUPPLEMENT_WINDOW_PASSED'
  | 'SUPPLEMENT_NOT_REQUESTED'
  | 'SUPPLEMENT_DEADLINE_PASSED'
  | 'SUPPLEMENT_DEADLINE_NOT_REACHED'
  | 'SUPPLEMENT_PENDING'
  | 'EXTENSION_ALREADY_GRANTED'
  | 'EXTENSION_TOO_LATE'
  | 'EXTENSION_NOT_LATER'
  | 'EXTENSION_APOLOGY_REQUIRED'
  | 'DOSSIER_FINISHED'
  | 'DOSSIER_CLOSED'
  | 'TIME_BEFORE_LAST_EVENT';

/** A rule violation. */
export interface SlaError {
  code: SlaErrorCode;
  vi: string;
  en: string;
}

/** Either the new value or the reason it was refused. */
export type SlaResult<T> = { ok: true; value: T } | { ok: false; error: SlaError };

const MESSAGES: Record<SlaErrorCode, [vi: string, en: string]> = {
  SUPPLEMENT_ALREADY_REQUESTED: [
    'Hồ sơ đã được yêu cầu bổ sung; chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần.',
    'A supplement was already requested for this dossier; only one request is allowed.',
  ],
  SUPPLEMENT_WINDOW_PASSED: [
    'Đã quá thời hạn yêu cầu bổ sung hồ sơ (03 ngày làm việc kể từ ngày tiếp nhận).',
    'The period for requesting a supplement (3 working days from receipt) has passed.',
  ],
  SUPPLEMENT_NOT_REQUESTED: ['Hồ sơ không có yêu cầu bổ sung đang chờ.', 'No supplement request is pending for this dossier.'],
  SUPPLEMENT_DEADLINE_PASSED: [
    'Đã quá thời hạn bổ sung hồ sơ; hồ sơ phải được kết thúc (đóng).',
    'The supplement period has ended; the dossier must be closed.',
  ],
  SUPPLEMENT_DEADLINE_NOT_REACHED: ['Chưa hết thời hạn bổ sung hồ sơ.', 'The supplement period has not ended yet.'],
  SUPPLEMENT_PENDING: [
    'Hồ sơ đang chờ bổ sung; thời hạn giải quyết đang tạm dừng.',
    'The dossier is waiting for a supplement; its time limit is paused.',
  ],
  EXTENSION_ALREADY_GRANTED: [
    'Hồ sơ đã được gia hạn; chỉ được gia hạn thời gian giải quyết một lần.',
    'The dossier was already extended; only one extension is allowed.',
  ],
  EXTENSION_TOO_LATE: [
    'Phải đề nghị gia hạn chậm nhất 01 ngày làm việc trước ngày hết hạn giải quyết.',
    'An extension must be requested at least 1 working day before the due date.',
  ],
  EXTENSION_NOT_LATER: ['Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.', 'The new due date must be later than the current one.'],
  EXTENSION_APOLOGY_REQUIRED: [
    'Cần văn bản xin lỗi và đề nghị gia hạn (mẫu 04) nêu rõ lý do.',
    'An apology and extension letter (form 04) stating the reason is required.',
  ],
  DOSSIER_FINISHED: ['Hồ sơ đã giải quyết xong.', 'The dossier is already finished.'],
  DOSSIER_CLOSED: ['Hồ sơ đã bị đóng do không bổ sung đúng hạn.', 'The dossier was closed for lack of a supplement.'],
  TIME_BEFORE_LAST_EVENT: [
    'Thời điểm không được trước sự kiện trước đó của hồ sơ.',
    'The instant is earlier than the previous event of the dossier.',
  ],
};

/** The error of a code. */
export function slaError(code: SlaErrorCode): SlaError {
  const [vi, en] = MESSAGES[code];
  return { code, vi, en };
}

/** A refused {@link SlaResult}. */
export function refuse<T>(code: SlaErrorCode): SlaResult<T> {
  return { ok: false, error: slaError(code) };
}

/** An accepted {@link SlaResult}. */
export function accept<T>(value: T): SlaResult<T> {
  return { ok: true, value };
}
