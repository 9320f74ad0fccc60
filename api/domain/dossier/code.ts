/**
 * Dossier codes (Decree 118 Art. 28): the receiving agency's identifier, the local date of
 * receipt (UTC+7) and a sequence number within the day. The pattern is configurable; uniqueness
 * under concurrency is the database's job.
 *
 * Pattern tokens: `{agency}`, `{yyyy}`, `{yy}`, `{mm}`, `{dd}`, `{yymmdd}`, `{yyyymmdd}`,
 * `{seq}` (no padding) and `{seqN}` (zero-padded to at least N digits, N = 1–9; a longer sequence widens).
 * Other characters are literal.
 * A pattern must contain `{agency}`, a day (`{yymmdd}`, `{yyyymmdd}` or year+`{mm}`+`{dd}`) and a sequence.
 */

/** The default pattern, e.g. `XAPHUOCLONG-261126-0001`. */
export const DEFAULT_DOSSIER_CODE_FORMAT = '{agency}-{yymmdd}-{seq4}';

/** Agency codes allowed in dossier codes: upper-case letters, digits, dot and underscore. */
export const AGENCY_CODE_PATTERN = /^[A-Z0-9._]{1,40}$/;

/** A calendar date (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The parts of a dossier code. */
export interface DossierCodeParts {
  agencyCode: string;
  /** An instant (converted to the UTC+7 date) or a local date. */
  date: Date | LocalDate;
  sequence: number;
}

/** A bad pattern or parts. */
export class DossierCodeError extends Error {
  override name = 'DossierCodeError';
}

const TOKEN = /\{(agency|yyyy|yy|mm|dd|yymmdd|yyyymmdd|seq[1-9]?)\}/g;
const VN_OFFSET_MS = 7 * 3600 * 1000;

/** The UTC+7 calendar date of an instant. */
export function vietnamDate(at: Date): LocalDate {
  const d = new Date(at.getTime() + VN_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Throw unless a pattern has an agency, a full day and a sequence. */
export function checkDossierCodeFormat(format: string): void {
  const tokens = new Set([...format.matchAll(TOKEN)].map((m) => m[1]));
  const hasDay = tokens.has('yymmdd') || tokens.has('yyyymmdd')
    || ((tokens.has('yy') || tokens.has('yyyy')) && tokens.has('mm') && tokens.has('dd'));
  const hasSeq = [...tokens].some((t) => t?.startsWith('seq'));
  if (!tokens.has('agency') || !hasDay || !hasSeq) {
    throw new DossierCodeError(`Dossier code format needs {agency}, a date and {seq…}: ${format}`);
  }
}

function tokenValue(token: string, agency: string, d: LocalDate, seq: number): string {
  switch (token) {
    case 'agency': return agency;
    case 'yyyy': return pad(d.year, 4);
    case 'yy': return pad(d.year % 100, 2);
    case 'mm': return pad(d.month, 2);
    case 'dd': return pad(d.day, 2);
    case 'yymmdd': return pad(d.year % 100, 2) + pad(d.month, 2) + pad(d.day, 2);
    case 'yyyymmdd': return pad(d.year, 4) + pad(d.month, 2) + pad(d.day, 2);
    default: {
      // A minimum width: the 10,000th reception of a day under `{seq4}` is numbered 10000, never refused
      // (the parser reads 4 to 15 digits, so every code stays unique and readable).
      return pad(seq, token === 'seq' ? 1 : Number(token.slice(3)));
    }
  }
}

/**
 * Format a dossier code. Throws `DossierCodeError` on a bad pattern, agency code or sequence
 * (a positive integer).
 */
export function formatDossierCode(format: string, parts: DossierCodeParts): string {
  checkDossierCodeFormat(format);
  if (!AGENCY_CODE_PATTERN.test(parts.agencyCode)) {
    throw new DossierCodeError(`Invalid agency code: ${parts.agencyCode}`);
  }
  if (!Number.isSafeInteger(parts.sequence) || parts.sequence < 1) {
    throw new DossierCodeError(`Invalid sequence: ${parts.sequence}`);
  }
  const d = parts.date instanceof Date ? vietnamDate(parts.date) : parts.date;
  return format.replace(TOKEN, (_m, token: string) => tokenValue(token, parts.agencyCode, d, parts.sequence));
}
