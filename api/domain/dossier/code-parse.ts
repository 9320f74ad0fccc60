/**
 * Parsing and validating dossier codes for lookup, against the same configurable pattern as
 * `formatDossierCode`.
 */
import { checkDossierCodeFormat, type LocalDate } from './code.ts';

/** A parsed dossier code. */
export interface ParsedDossierCode {
  agencyCode: string;
  date: LocalDate;
  sequence: number;
}

const TOKEN_REGEX: Record<string, string> = {
  agency: '(?<agency>[A-Z0-9._]{1,40})',
  yyyy: '(?<yyyy>\\d{4})',
  yy: '(?<yy>\\d{2})',
  mm: '(?<mm>\\d{2})',
  dd: '(?<dd>\\d{2})',
  yymmdd: '(?<yy>\\d{2})(?<mm>\\d{2})(?<dd>\\d{2})',
  yyyymmdd: '(?<yyyy>\\d{4})(?<mm>\\d{2})(?<dd>\\d{2})',
  seq: '(?<seq>\\d{1,15})',
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patternRegex(format: string): RegExp {
  let out = '';
  let last = 0;
  for (const m of format.matchAll(/\{(agency|yyyy|yy|mm|dd|yymmdd|yyyymmdd|seq([1-9])?)\}/g)) {
    out += escape(format.slice(last, m.index));
    const width = m[2];
    out += width ? `(?<seq>\\d{${width},15})` : TOKEN_REGEX[m[1] as string];
    last = (m.index ?? 0) + m[0].length;
  }
  return new RegExp(`^${out}${escape(format.slice(last))}$`);
}

function validDate(d: LocalDate): boolean {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCFullYear() === d.year && t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day;
}

/** Trim and upper-case a code typed by a person, for lookup. */
export function normalizeDossierCode(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * Parse a code against a pattern; null when it does not match or names an impossible date or a
 * zero sequence. Two-digit years are read as 20YY. Throws on a bad pattern.
 */
export function parseDossierCode(format: string, code: string): ParsedDossierCode | null {
  checkDossierCodeFormat(format);
  const g = patternRegex(format).exec(normalizeDossierCode(code))?.groups;
  if (!g || g.agency === undefined || g.seq === undefined) return null;
  const year = g.yyyy !== undefined ? Number(g.yyyy) : 2000 + Number(g.yy);
  const date = { year, month: Number(g.mm), day: Number(g.dd) };
  const sequence = Number(g.seq);
  if (!validDate(date) || sequence < 1) return null;
  return { agencyCode: g.agency, date, sequence };
}

/** True when a code matches the pattern. */
export function isValidDossierCode(format: string, code: string): boolean {
  return parseDossierCode(format, code) !== null;
}
