/**
 * Steps of a procedure's internal process (quy trình nội bộ), each with an allocation in
 * working hours (reception, appraisal, approval, other agencies, return).
 * A step is due `allocationHours` working hours after it starts (from the next working instant
 * when it starts outside office hours; no 15:00 rule). Steps are classified like dossiers.
 */
import { addWorkingHours, fieldError, nextWorkingInstant, type Calendar, type FieldError, type TimeLimit } from '../calendar/index.ts';
import { classifyFinished, classifyOpen, type FinishedOutcome, type OpenStatus } from './classify.ts';
import type { DueSoonThreshold } from './policy.ts';

/** One step of an internal process. */
export interface ProcessStep {
  code: string;
  nameVi: string;
  nameEn?: string;
  /** Working hours allocated to the step (> 0). */
  allocationHours: number;
}

/** A step with its planned start and due instants. */
export interface PlannedStep {
  code: string;
  startAt: Date;
  dueAt: Date;
}

/** The due instant of a step started at `startedAt`. */
export function stepDueAt(calendar: Calendar, startedAt: Date, allocationHours: number): Date {
  return addWorkingHours(calendar, nextWorkingInstant(calendar, startedAt), allocationHours);
}

/** Plans the steps one after another from `startAt` (each starts when the previous is due). */
export function planSteps(calendar: Calendar, startAt: Date, steps: readonly ProcessStep[]): PlannedStep[] {
  const plan: PlannedStep[] = [];
  let cursor = startAt;
  for (const step of steps) {
    const due = stepDueAt(calendar, cursor, step.allocationHours);
    plan.push({ code: step.code, startAt: cursor, dueAt: due });
    cursor = due;
  }
  return plan;
}

/** An actual step: when it started, when it is due, and when it finished (if it did). */
export interface StepTiming {
  startedAt: Date;
  dueAt: Date;
  finishedAt: Date | null;
}

/** The status of a step at `asOf`: a finished outcome, or an open status. */
export function stepStatus(calendar: Calendar, step: StepTiming, asOf: Date, threshold: DueSoonThreshold): FinishedOutcome | OpenStatus {
  return step.finishedAt
    ? classifyFinished(step.dueAt, step.finishedAt)
    : classifyOpen(calendar, step.startedAt, step.dueAt, asOf, threshold);
}

/**
 * Validates the steps of a process against the legal time limit: codes unique and non-empty,
 * allocations > 0, total ≤ the limit in working hours (`hoursPerWorkingDay` per working day,
 * e.g. 8 in most provinces' processes, 7.5 with 07:30–11:30/13:30–17:00 office hours).
 */
export function validateProcessSteps(steps: readonly ProcessStep[], limit: TimeLimit, hoursPerWorkingDay: number): FieldError[] {
  const errors: FieldError[] = [];
  const codes = new Set<string>();
  steps.forEach((s, i) => {
    if (!s.code?.trim() || codes.has(s.code)) {
      errors.push(fieldError(`steps[${i}].code`, 'INVALID_CODE', 'Mã bước trống hoặc trùng.', 'Step code is empty or duplicated.'));
    }
    codes.add(s.code);
    if (!(typeof s.allocationHours === 'number' && s.allocationHours > 0 && Number.isFinite(s.allocationHours))) {
      errors.push(fieldError(`steps[${i}].allocationHours`, 'INVALID_ALLOCATION', 'Thời gian phân bổ phải lớn hơn 0 giờ.', 'The allocation must be more than 0 hours.'));
    }
  });
  const total = steps.reduce((sum, s) => sum + (s.allocationHours > 0 ? s.allocationHours : 0), 0);
  const allowed = limit.kind === 'workingHours' ? limit.hours : limit.kind === 'workingDays' ? limit.days * hoursPerWorkingDay : hoursPerWorkingDay;
  if (total > allowed + 1e-9) {
    errors.push(fieldError('steps', 'TOTAL_EXCEEDS_LIMIT', `Tổng thời gian các bước (${total} giờ) vượt thời hạn giải quyết (${allowed} giờ).`, `The steps total ${total} h, more than the time limit (${allowed} h).`));
  }
  return errors;
}
