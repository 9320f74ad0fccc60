/**
 * Validation of personal ID numbers (CCCD, 12 digits) and Vietnamese phone numbers.
 */
import { CCCD_PROVINCE_CODES } from './province-codes.ts';

/** What a valid CCCD tells. */
export interface CccdInfo {
  provinceCode: string;
  provinceName: string;
  sex: 'male' | 'female';
  /** Year of birth from the century digit (4th) and the 5th–6th digits. */
  birthYear: number;
}

/**
 * Parse a CCCD: exactly 12 digits, the first three a known province code, the 4th the
 * sex/century digit (0/1 → 1900s, 2/3 → 2000s, … even = male). Null when invalid.
 * `codes` defaults to `CCCD_PROVINCE_CODES`.
 */
export function parseCccd(value: string, codes: Readonly<Record<string, string>> = CCCD_PROVINCE_CODES): CccdInfo | null {
  if (!/^\d{12}$/.test(value)) return null;
  const provinceCode = value.slice(0, 3);
  const provinceName = codes[provinceCode];
  if (provinceName === undefined) return null;
  const centuryDigit = Number(value[3]);
  const birthYear = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(value.slice(4, 6));
  return { provinceCode, provinceName, sex: centuryDigit % 2 === 0 ? 'male' : 'female', birthYear };
}

/** True for a valid CCCD (see `parseCccd`). */
export function isValidCccd(value: string, codes?: Readonly<Record<string, string>>): boolean {
  return parseCccd(value, codes) !== null;
}

/**
 * Normalise a Vietnamese phone number to its 10-digit national form `0xxxxxxxxx`, or null.
 * Accepts 10 digits starting with 0 (second digit 1–9) or `+84` followed by 9 digits;
 * spaces, dots and hyphens are ignored.
 */
export function normalizeVnPhone(value: string): string | null {
  const s = value.replace(/[\s.-]/g, '');
  const m = /^(?:0|\+84)([1-9]\d{8})$/.exec(s);
  return m ? `0${m[1]}` : null;
}

/** True for a valid Vietnamese phone number (see `normalizeVnPhone`). */
export function isValidVnPhone(value: string): boolean {
  return normalizeVnPhone(value) !== null;
}
