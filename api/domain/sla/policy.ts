/**
 * Configurable data of the SLA rules (Decree 118/2025 values by default).
 */
import { fieldError, type FieldError } from '../calendar/field-error.ts';

/** When an open dossier or step turns amber ("sắp đến hạn"). */
export type DueSoonThreshold =
  /** Due soon when at most `hours` working hours remain. */
  | { kind: 'workingHours'; hours: number }
  /** Due soon when at most `fraction` (0–1) of the allowed working time remains. */
  | { kind: 'fraction'; fraction: number };

/** The SLA policy. */
export interface SlaPolicy {
  /** A supplement must be requested within this many working days of receipt (Art. 19.5: 3). */
  supplementRequestWindowWorkingDays: number;
  /**
   * The applicant's time to supplement before the dossier is closed (Art. 19.5: "15 ngày").
   * `calendar` (default: the decree says days, not working days) or `working` days. With
   * calendar days, a last day that is not a working day moves to the next working day
   * (Civil Code 2015 Art. 148).
   */
  supplementWait: { days: number; unit: 'calendar' | 'working' };
  /** An extension must be requested at least this many working days before the due date (Art. 19.6: 1). */
  extensionNoticeWorkingDays: number;
  /** Online dossiers must be accepted or sent back within this many working hours (Art. 17.2: 8). */
  onlineReviewWorkingHours: number;
  /** When an online dossier waiting for review turns amber (its window is short: 8 working hours). */
  onlineReviewDueSoon: DueSoonThreshold;
  /** Threshold of the "due soon" status. */
  dueSoon: DueSoonThreshold;
}

/** Decree 118/2025 values; "due soon" = at most 8 working hours left (2 for the online review). */
export const DEFAULT_SLA_POLICY: SlaPolicy = Object.freeze({
  supplementRequestWindowWorkingDays: 3,
  supplementWait: Object.freeze({ days: 15, unit: 'calendar' as const }),
  extensionNoticeWorkingDays: 1,
  onlineReviewWorkingHours: 8,
  onlineReviewDueSoon: Object.freeze({ kind: 'workingHours' as const, hours: 2 }),
  dueSoon: Object.freeze({ kind: 'workingHours' as const, hours: 8 }),
});

/** Validates a policy (e.g. an agency's configuration); each error names its field. */
export function validateSlaPolicy(policy: SlaPolicy): FieldError[] {
  const errors: FieldError[] = [];
  const int = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= 366;
  const mustBe = (field: string) => fieldError(field, 'INVALID_NUMBER', 'Phải là số nguyên dương (tối đa 366).', 'Must be a positive integer (at most 366).');
  if (!int(policy.supplementRequestWindowWorkingDays, 1)) errors.push(mustBe('supplementRequestWindowWorkingDays'));
  if (!int(policy.supplementWait?.days, 1)) errors.push(mustBe('supplementWait.days'));
  if (!['calendar', 'working'].includes(policy.supplementWait?.unit)) {
    errors.push(fieldError('supplementWait.unit', 'INVALID_UNIT', 'Đơn vị phải là calendar hoặc working.', 'Unit must be calendar or working.'));
  }
  if (!int(policy.extensionNoticeWorkingDays, 1)) errors.push(mustBe('extensionNoticeWorkingDays'));
  if (!int(policy.onlineReviewWorkingHours, 1)) errors.push(mustBe('onlineReviewWorkingHours'));
  for (const field of ['onlineReviewDueSoon', 'dueSoon'] as const) {
    const soon = policy[field];
    const soonOk = soon?.kind === 'workingHours' ? soon.hours >= 0 && Number.isFinite(soon.hours)
      : soon?.kind === 'fraction' ? soon.fraction >= 0 && soon.fraction <= 1 : false;
    if (!soonOk) {
      errors.push(fieldError(field, 'INVALID_THRESHOLD', 'Ngưỡng sắp đến hạn: số giờ làm việc ≥ 0 hoặc tỷ lệ từ 0 đến 1.', 'Due-soon threshold: working hours ≥ 0 or a fraction from 0 to 1.'));
    }
  }
  return errors;
}
