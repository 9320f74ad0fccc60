/**
 * Light checks before sending (the API's ajv is the authority): required fields, patterns, lengths,
 * bounds, dates, e-mail, and the applicant's CCCD and phone number with the API's own rules.
 */
import { isValidCccd, isValidVnPhone } from '../../api/domain/dossier/identity.ts';
import type { Messages } from '../shared/messages/vi.ts';
import { join, typeOf } from './schema-values.ts';
import type { JsonSchema } from './types.ts';

export type Errors = Record<string, string>;
type Check = Messages['desk']['check'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The special checks of the applicant block. */
function special(path: string, v: string, c: Check): string | undefined {
  if (path === 'applicant.personalId' && !isValidCccd(v)) return c.cccd;
  if (path === 'applicant.phone' && !isValidVnPhone(v)) return c.phone;
  return undefined;
}

function checkNode(s: JsonSchema, path: string, v: unknown, required: boolean, c: Check, out: Errors): void {
  const t = typeOf(s);
  if (v === undefined) {
    if (required) out[path] = c.required;
    return;
  }
  if (t === 'object') {
    const o = v as Record<string, unknown>;
    for (const [k, child] of Object.entries(s.properties ?? {})) checkNode(child, join(path, k), o[k], (s.required ?? []).includes(k), c, out);
    return;
  }
  if (t === 'array') {
    const a = v as unknown[];
    if (s.minItems !== undefined && a.length < s.minItems) out[path] = c.minItems(s.minItems);
    else if (s.maxItems !== undefined && a.length > s.maxItems) out[path] = c.maxItems(s.maxItems);
    a.forEach((item, i) => s.items && checkNode(s.items, join(path, i), item, true, c, out));
    return;
  }
  if (t === 'boolean') {
    if (s.const !== undefined && v !== s.const) out[path] = c.mustCheck;
    return;
  }
  if (t === 'integer' || t === 'number') {
    if (typeof v !== 'number') out[path] = c.number;
    else if (t === 'integer' && !Number.isInteger(v)) out[path] = c.integer;
    else if (s.minimum !== undefined && v < s.minimum) out[path] = c.min(s.minimum);
    else if (s.maximum !== undefined && v > s.maximum) out[path] = c.max(s.maximum);
    return;
  }
  const str = String(v);
  const msg = special(path, str, c)
    ?? (s.enum && !s.enum.map(String).includes(str) ? c.enum : undefined)
    ?? (s.minLength !== undefined && [...str].length < s.minLength ? c.minLength(s.minLength) : undefined)
    ?? (s.maxLength !== undefined && [...str].length > s.maxLength ? c.maxLength(s.maxLength) : undefined)
    ?? (s.format === 'date' && (!DATE.test(str) || Number.isNaN(Date.parse(str))) ? c.date : undefined)
    ?? (s.format === 'email' && !EMAIL.test(str) ? c.email : undefined)
    ?? (s.pattern && !safeTest(s.pattern, str) ? c.pattern : undefined);
  if (msg) out[path] = msg;
}

function safeTest(pattern: string, s: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(s);
  } catch {
    return true;
  }
}

/** Every bad field of the built form, by path. */
export function checkForm(schema: JsonSchema, formData: Record<string, unknown>, c: Check): Errors {
  const out: Errors = {};
  checkNode(schema, '', formData, true, c, out);
  return out;
}

/** The checks a refusal at the counter needs: who the applicant is (the form is not checked). */
export function checkApplicantOnly(formData: Record<string, unknown>, c: Check): Errors {
  const a = (formData.applicant ?? {}) as Record<string, unknown>;
  const out: Errors = {};
  const name = typeof a.fullName === 'string' ? a.fullName : '';
  if (!name) out['applicant.fullName'] = c.required;
  else if ([...name].length < 2) out['applicant.fullName'] = c.minLength(2);
  if (typeof a.personalId !== 'string') out['applicant.personalId'] = c.required;
  else if (!isValidCccd(a.personalId)) out['applicant.personalId'] = c.cccd;
  if (typeof a.phone === 'string' && !isValidVnPhone(a.phone)) out['applicant.phone'] = c.phone;
  return out;
}
