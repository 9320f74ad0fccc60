/** Shared helpers of the SLA tests. */
import { createCalendar, formatVnInstant, vnTime } from '../../../api/domain/calendar/index.ts';
import type { SlaResult } from '../../../api/domain/sla/index.ts';

export const calendar = createCalendar();
export const at = vnTime;
export const fmt = (d: Date | null): string | null => (d === null ? null : formatVnInstant(d));

/** The value of an accepted result; throws with the error code otherwise. */
export function unwrap<T>(result: SlaResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code}`);
  return result.value;
}

/** The error code of a refused result (or 'accepted'). */
export function codeOf<T>(result: SlaResult<T>): string {
  return result.ok ? 'accepted' : result.error.code;
}
