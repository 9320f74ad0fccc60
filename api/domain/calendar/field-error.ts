/**
 * Validation errors that name the offending field, in Vietnamese first and English alongside.
 * The HTTP layer turns a non-empty list into a 400 response.
 */

/** One problem with one input field. */
export interface FieldError {
  /** Path of the field, e.g. `daysOff[2].date`, `workingDays`. */
  field: string;
  /** Stable machine code, e.g. `INVALID_DATE`. */
  code: string;
  /** Message in Vietnamese. */
  vi: string;
  /** Message in English. */
  en: string;
}

/** Builds a {@link FieldError}. */
export function fieldError(field: string, code: string, vi: string, en: string): FieldError {
  return { field, code, vi, en };
}
