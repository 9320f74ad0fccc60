/**
 * Which forms of a dossier (01–06) exist for its state: the one rule behind both the forms route
 * (409 for the others) and the `forms` list of the dossier view, so that they cannot disagree.
 */
import type { FormNumber } from './types.ts';

/** A form printed for one dossier (07 is the register of a period). */
export type DossierFormNumber = Exclude<FormNumber, '07'>;

/**
 * The forms that exist for a dossier with this due date and these history actions, in order:
 * 01 (receipt and appointment) once received with a due date; 02 once a supplement was requested;
 * 03 once refused; 04 once extended (with a due date); 05 once stopped or closed for a missing
 * supplement; 06 (control slip) once it has a due date.
 */
export function availableForms(state: { dueAt: Date | null }, actions: Iterable<string>): DossierFormNumber[] {
  const did = new Set(actions);
  const due = state.dueAt !== null;
  const out: DossierFormNumber[] = [];
  if (due && (did.has('receive') || did.has('accept'))) out.push('01');
  if (did.has('request_supplement')) out.push('02');
  if (did.has('refuse')) out.push('03');
  if (due && did.has('extend')) out.push('04');
  if (did.has('stop') || did.has('close_unsupplemented')) out.push('05');
  if (due) out.push('06');
  return out;
}
