/** ISO 8601 durations, dates and repeating intervals as Zeebe timers use them. */
import { ExpressionError } from './feel.ts';

/** A parsed ISO 8601 duration. */
export interface Duration {
  years: number; months: number; days: number; ms: number;
}

const DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses `P1DT2H`, `PT30M`, `P2W`…; undefined if not a duration. */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const sign = m[1] ? -1 : 1;
  return {
    years: sign * n(2), months: sign * n(3), days: sign * (n(4) * 7 + n(5)),
    ms: sign * ((n(6) * 60 + n(7)) * 60 + n(8)) * 1000,
  };
}

/** `from` plus a duration (calendar arithmetic in UTC). */
export function addDuration(from: Date, d: Duration): Date {
  const t = new Date(from.getTime());
  if (d.years || d.months) t.setUTCMonth(t.getUTCMonth() + d.years * 12 + d.months);
  if (d.days) t.setUTCDate(t.getUTCDate() + d.days);
  return new Date(t.getTime() + d.ms);
}

/** Parses a date-time; throws {@link ExpressionError} if invalid. */
export function parseDate(text: string): Date {
  const cleaned = text.replace(/@.*$/, '').replace(/\[.*\]$/, '');
  const d = new Date(cleaned);
  if (Number.isNaN(d.getTime())) throw new ExpressionError(`Invalid date-time '${text}'`);
  return d;
}

/** A repeating interval: `R3/PT1H`, `R/PT1H`, `R2/2026-01-01T00:00:00Z/P1D`. */
export interface Cycle {
  /** Repetitions (at least 1); -1 for unbounded. */
  repetitions: number;
  start?: Date;
  interval: Duration;
}

/** Parses a repeating interval; cron expressions are not supported. */
export function parseCycle(text: string): Cycle {
  const parts = text.trim().split('/');
  const r = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!r || parts.length < 2 || parts.length > 3) throw new ExpressionError(`Unsupported timer cycle '${text}' (expected R<n>/<duration>)`);
  const interval = parseDuration(parts[parts.length - 1]!);
  if (!interval) throw new ExpressionError(`Invalid duration in timer cycle '${text}'`);
  // `R0` is not endless: like `R1` it fires once (Zeebe reschedules only while repetitions > 1).
  const repetitions = r[1] === '' ? -1 : Math.max(Number(r[1]), 1);
  return { repetitions, start: parts.length === 3 ? parseDate(parts[1]!) : undefined, interval };
}

/** Parses a duration; throws {@link ExpressionError} if invalid. */
export function requireDuration(text: string): Duration {
  const d = parseDuration(text);
  if (!d) throw new ExpressionError(`Invalid duration '${text}'`);
  return d;
}
