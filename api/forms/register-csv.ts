/**
 * The dossier register as CSV: UTF-8 with a BOM (so spreadsheet programs read the diacritics),
 * CRLF line ends, RFC 4180 quoting, times as «dd/mm/yyyy hh:mm» in UTC+7.
 */
import { REGISTER_COLUMNS, type RegisterValue } from './register-columns.ts';
import type { RegisterRow } from './types.ts';
import { vnShortDateTime } from './vn-format.ts';

/**
 * Neutralise text that a spreadsheet would run as a formula (`=`, `@`, tab, CR, or `+`/`-` not
 * followed by a digit) by prefixing an apostrophe. Phone numbers like `+84…` stay as they are.
 */
export function defuseFormula(s: string): string {
  return /^(?:[=@\t\r]|[+-](?!\d))/.test(s) ? `'${s}` : s;
}

/** Quote a field per RFC 4180 when it has a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cell(v: RegisterValue): string {
  if (v === null) return '';
  if (v instanceof Date) return vnShortDateTime(v);
  if (typeof v === 'number') return String(v);
  return csvField(defuseFormula(v.normalize('NFC')));
}

/** Render the register rows as CSV. */
export function renderRegisterCsv(rows: readonly RegisterRow[]): Buffer {
  const lines = [REGISTER_COLUMNS.map((c) => csvField(c.header)).join(',')];
  rows.forEach((r, i) => lines.push(REGISTER_COLUMNS.map((c) => cell(c.value(r, i))).join(',')));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
