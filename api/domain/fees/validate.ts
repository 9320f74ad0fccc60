/**
 * Validation of fee data: a catalogue fee rule, and a province's fee table as an admin imports or
 * edits it. Every error names its field.
 */
import { fieldError, type FieldError } from '../calendar/field-error.ts';
import { FEE_KINDS, type FeeRule } from './rules.ts';

/** The most a single fee may be, VND (a sanity bound: 1 billion). */
export const MAX_FEE_VND = 1_000_000_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function amount(errors: FieldError[], field: string, v: unknown, opts: { min?: number; nullable?: boolean } = {}): void {
  if (v === null && opts.nullable) return;
  if (v === undefined || v === null) {
    errors.push(fieldError(field, 'REQUIRED', 'Thiếu số tiền.', 'The amount is missing.'));
  } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < (opts.min ?? 0) || v > MAX_FEE_VND) {
    errors.push(fieldError(field, 'INVALID_AMOUNT', `Số tiền phải là số nguyên đồng từ ${opts.min ?? 0} đến ${MAX_FEE_VND}.`, `The amount must be a whole number of VND from ${opts.min ?? 0} to ${MAX_FEE_VND}.`));
  }
}

function note(errors: FieldError[], field: string, v: unknown, required: boolean): void {
  if (v === undefined || v === null) {
    if (required) errors.push(fieldError(field, 'REQUIRED', 'Thiếu ghi chú.', 'The note is missing.'));
  } else if (typeof v !== 'string' || v.trim() === '' || v.length > 500) {
    errors.push(fieldError(field, 'INVALID_TEXT', 'Phải là chuỗi không rỗng, tối đa 500 ký tự.', 'Must be a non-empty text of at most 500 characters.'));
  }
}

/** Errors of a fee rule (field names under `prefix`, e.g. `fee`). */
export function validateFeeRule(rule: unknown, prefix = 'fee'): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(rule)) return [fieldError(prefix, 'REQUIRED', 'Thiếu quy tắc phí.', 'The fee rule is missing.')];
  if (!(FEE_KINDS as readonly unknown[]).includes(rule.kind)) {
    return [fieldError(`${prefix}.kind`, 'UNKNOWN_VALUE', `Loại phí phải là một trong: ${FEE_KINDS.join(', ')}.`, `The fee kind must be one of: ${FEE_KINDS.join(', ')}.`)];
  }
  const r = rule as FeeRule;
  switch (r.kind) {
    case 'free': note(errors, `${prefix}.note`, r.note, false); break;
    case 'fixed': amount(errors, `${prefix}.amountVnd`, r.amountVnd, { min: 1 }); note(errors, `${prefix}.note`, r.note, false); break;
    case 'perPage':
      amount(errors, `${prefix}.firstPagesVnd`, r.firstPagesVnd, { min: 1 });
      amount(errors, `${prefix}.nextPagesVnd`, r.nextPagesVnd);
      amount(errors, `${prefix}.maxPerCopyVnd`, r.maxPerCopyVnd, { min: 1 });
      if (!Number.isInteger(r.fromPage) || r.fromPage < 1 || r.fromPage > 1000) {
        errors.push(fieldError(`${prefix}.fromPage`, 'INVALID_NUMBER', 'Phải là số nguyên từ 1 đến 1000.', 'Must be an integer from 1 to 1000.'));
      }
      note(errors, `${prefix}.note`, r.note, false);
      break;
    case 'provinceSet': amount(errors, `${prefix}.amountVnd`, r.amountVnd, { nullable: true }); note(errors, `${prefix}.note`, r.note, true); break;
  }
  return errors;
}

/** One row of a province's fee table. */
export interface ProvinceFeeItem {
  procedureId: string;
  amountVnd: number;
  note?: string | null;
  legalBasis?: string | null;
}

/**
 * Errors of a province fee table (`{ items: [...] }`): each item names a procedure whose fee the province
 * sets (`provinceSetIds`), once, with a whole non-negative amount.
 */
export function validateProvinceFeeTable(body: unknown, provinceSetIds: ReadonlySet<string>, knownIds: ReadonlySet<string>): FieldError[] {
  if (!isRecord(body) || !Array.isArray(body.items)) return [fieldError('items', 'REQUIRED', 'Thiếu danh sách phí (items).', 'The list of fees (items) is missing.')];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  body.items.forEach((item: unknown, i: number) => {
    const f = `items[${i}]`;
    if (!isRecord(item)) { errors.push(fieldError(f, 'INVALID_ITEM', 'Phải là một đối tượng.', 'Must be an object.')); return; }
    const id = item.procedureId;
    if (typeof id !== 'string' || !knownIds.has(id)) {
      errors.push(fieldError(`${f}.procedureId`, 'UNKNOWN_VALUE', 'Không có thủ tục này.', 'No such procedure.'));
    } else if (!provinceSetIds.has(id)) {
      errors.push(fieldError(`${f}.procedureId`, 'NOT_PROVINCE_SET', 'Phí của thủ tục này không do tỉnh quy định.', 'This procedure\'s fee is not set by the province.'));
    } else if (seen.has(id)) {
      errors.push(fieldError(`${f}.procedureId`, 'DUPLICATE', 'Thủ tục đã có ở dòng trước.', 'The procedure is already listed.'));
    }
    if (typeof id === 'string') seen.add(id);
    amount(errors, `${f}.amountVnd`, item.amountVnd);
    note(errors, `${f}.note`, item.note, false);
    note(errors, `${f}.legalBasis`, item.legalBasis, false);
    const extra = Object.keys(item).filter((k) => !['procedureId', 'amountVnd', 'note', 'legalBasis'].includes(k));
    for (const k of extra) errors.push(fieldError(`${f}.${k}`, 'UNKNOWN_FIELD', 'Trường không được hỗ trợ.', 'Unsupported field.'));
  });
  return errors;
}
