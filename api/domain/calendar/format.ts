/**
 * Reading and writing instants as ISO 8601 text in Vietnam's offset (+07:00).
 */
import { DAY_MS, dayFromYmd, isoDateOf, localDayOf, msSinceLocalMidnight, pad } from './time.ts';

/**
 * Writes an instant as ISO 8601 local time with the `+07:00` offset, e.g.
 * `2026-02-24T17:00:00+07:00`. Milliseconds are written only when they are not zero, so the
 * text always denotes exactly the same instant.
 */
export function formatVnInstant(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid instant / Thời điểm không hợp lệ');
  const day = localDayOf(ms);
  const inDay = msSinceLocalMidnight(ms);
  const h = Math.floor(inDay / 3_600_000);
  const mi = Math.floor((inDay % 3_600_000) / 60_000);
  const s = Math.floor((inDay % 60_000) / 1000);
  const milli = inDay % 1000;
  const frac = milli === 0 ? '' : `.${pad(milli, 3)}`;
  return `${isoDateOf(day)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}+07:00`;
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an ISO 8601 instant that carries its offset (`Z` or `±HH:MM`), e.g.
 * `2026-02-13T10:00:00+07:00`. Returns `null` for anything else: a missing offset (ambiguous),
 * an impossible date or time. Fractions beyond milliseconds are truncated.
 */
export function parseIsoInstant(text: string): Date | null {
  const m = ISO_INSTANT.exec(text);
  if (!m) return null;
  const day = dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? '0')];
  if (day === null || h > 23 || mi > 59 || s > 59) return null;
  const milli = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMs = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 14 || om > 59) return null;
    offsetMs = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const wallMs = day * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + milli;
  return new Date(wallMs - offsetMs);
}

/** Parses a local Vietnam wall time 'YYYY-MM-DDTHH:MM[:SS]' (no offset) as UTC+7. Test helper. */
export function vnTime(text: string): Date {
  const parsed = parseIsoInstant(`${text.length === 16 ? `${text}:00` : text}+07:00`);
  if (!parsed) throw new RangeError(`Invalid local time: ${text}`);
  return parsed;
}
