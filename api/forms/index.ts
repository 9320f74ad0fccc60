/**
 * Forms 01–07 of Circular 03/2025/TT-VPCP as PDF, and the register (form 07) as CSV and XLSX.
 */
import { renderForm01 } from './form-01.ts';
import { renderForm02 } from './form-02.ts';
import { renderForm03 } from './form-03.ts';
import { renderForm04 } from './form-04.ts';
import { renderForm05 } from './form-05.ts';
import { renderForm06 } from './form-06.ts';
import { renderForm07 } from './form-07.ts';
import type { FormInputs, FormNumber } from './types.ts';

export * from './types.ts';
export { renderForm01, FORM_01_TITLE } from './form-01.ts';
export { renderForm02, FORM_02_TITLE } from './form-02.ts';
export { renderForm03, FORM_03_TITLE } from './form-03.ts';
export { renderForm04, FORM_04_TITLE } from './form-04.ts';
export { renderForm05, FORM_05_TITLE } from './form-05.ts';
export { renderForm06, FORM_06_TITLE, HOP_RESULT, handOverCell, hopIsLate, hopResult, lateStepLabel } from './form-06.ts';
export { renderForm07 } from './form-07.ts';
export { REGISTER_COLUMNS, REGISTER_TITLE } from './register-columns.ts';
export { renderRegisterCsv, csvField, defuseFormula } from './register-csv.ts';
export { renderRegisterXlsx } from './register-xlsx.ts';
export * from './vn-format.ts';
export { availableForms, type DossierFormNumber } from './available.ts';

/** Form numbers, for routes: `/api/dossiers/:code/forms/:no.pdf`. */
export const FORM_NUMBERS: readonly FormNumber[] = ['01', '02', '03', '04', '05', '06', '07'];

const RENDERERS: { [N in FormNumber]: (input: FormInputs[N]) => Promise<Buffer> } = {
  '01': renderForm01,
  '02': renderForm02,
  '03': renderForm03,
  '04': renderForm04,
  '05': renderForm05,
  '06': renderForm06,
  '07': renderForm07,
};

/** True for a known form number. */
export function isFormNumber(no: string): no is FormNumber {
  return (FORM_NUMBERS as readonly string[]).includes(no);
}

/** Render a form by number. */
export function renderForm<N extends FormNumber>(no: N, input: FormInputs[N]): Promise<Buffer> {
  return (RENDERERS[no] as (i: FormInputs[N]) => Promise<Buffer>)(input);
}
