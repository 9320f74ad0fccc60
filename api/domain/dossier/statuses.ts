/**
 * The ten dossier statuses used by provincial systems and the national sync (DOMAIN.md §2),
 * the reception channels (Decree 118 Art. 15) and the actor roles of the lifecycle.
 */

/** The ten statuses, in national-code order (code = index + 1). */
export const DOSSIER_STATUSES = [
  'registered',
  'accepted',
  'refused',
  'processing',
  'supplement_requested',
  'fee_required',
  'withdrawal_requested',
  'stopped',
  'decided',
  'returned',
] as const;

/** A dossier status (one of the ten). */
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** Label and national code of a status. */
export interface StatusInfo {
  /** National sync code, 1–10. */
  code: number;
  vi: string;
  en: string;
  /** True when no further lifecycle action is possible except corrections of a returned result. */
  final: boolean;
}

/** Every status with its national code and labels. */
export const STATUS_INFO: Readonly<Record<DossierStatus, StatusInfo>> = {
  registered: { code: 1, vi: 'Mới đăng ký', en: 'Newly registered', final: false },
  accepted: { code: 2, vi: 'Được tiếp nhận', en: 'Accepted', final: false },
  refused: { code: 3, vi: 'Không được tiếp nhận', en: 'Refused at reception', final: true },
  processing: { code: 4, vi: 'Đang xử lý', en: 'In process', final: false },
  supplement_requested: { code: 5, vi: 'Yêu cầu bổ sung giấy tờ', en: 'Supplement requested', final: false },
  fee_required: { code: 6, vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Waiting for fees or financial obligation', final: false },
  withdrawal_requested: { code: 7, vi: 'Công dân yêu cầu rút hồ sơ', en: 'Applicant asked to withdraw', final: false },
  stopped: { code: 8, vi: 'Dừng xử lý', en: 'Processing stopped', final: true },
  decided: { code: 9, vi: 'Đã xử lý xong', en: 'Decided', final: false },
  returned: { code: 10, vi: 'Đã trả kết quả', en: 'Result returned', final: true },
};

/** The national code (1–10) of a status. */
export function statusCode(status: DossierStatus): number {
  return STATUS_INFO[status].code;
}

/** The status with a national code, or undefined for an unknown code. */
export function statusFromCode(code: number): DossierStatus | undefined {
  return DOSSIER_STATUSES[code - 1];
}

/** Reception channels; `code` is the national sync code `KenhThucHien`. */
export const CHANNELS = {
  in_person: { code: 1, vi: 'Trực tiếp', en: 'In person' },
  online: { code: 2, vi: 'Trực tuyến', en: 'Online' },
  post: { code: 3, vi: 'Qua dịch vụ bưu chính', en: 'By post' },
} as const;

/** A reception channel. */
export type Channel = keyof typeof CHANNELS;

/** Staff roles of the system. */
export const STAFF_ROLES = ['admin', 'procedure_controller', 'receptionist', 'specialist', 'leader', 'supervisor'] as const;

/** A staff role. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Who may perform a lifecycle action: a staff role, the applicant (through the portal or the kiosk)
 * or the system itself (portal sync, scheduled jobs).
 */
export type ActorRole = StaffRole | 'applicant' | 'system';

/** Why a dossier was closed without a result. */
export type ClosedReason = 'refused' | 'unsupplemented' | 'withdrawn' | 'stopped';

/** How a result is returned (Decree 118 Art. 22). */
export const RETURN_MODES = ['paper', 'electronic', 'both'] as const;
/** A result return mode. */
export type ReturnMode = (typeof RETURN_MODES)[number];

/** How a fee is paid (Decree 118 Art. 24). */
export const PAYMENT_METHODS = ['cash', 'transfer', 'online'] as const;
/** A payment method. */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The outcome of a decision. */
export const DECISION_OUTCOMES = ['approved', 'rejected'] as const;
/** A decision outcome. */
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
