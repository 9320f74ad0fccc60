/**
 * Temporal built-ins as Camunda runs them: `now()` / `today()` on the engine's clock, `last day of
 * month`, `years and months duration` without the days feelin adds, and `date and time(date, timezone)`.
 */
import { duration, FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelTime, parseDate, parseDateTime, toFeel } from 'feelin';
import { feelNow } from './clock.ts';
import { builtin, isString } from './helpers.ts';

export const isDateTime = (v: unknown): v is FeelDateTime => v instanceof FeelDateTime;
export const isTemporal = (v: unknown): boolean => v instanceof FeelDate || v instanceof FeelDateTime || v instanceof FeelTime || v instanceof FeelDuration;
const isDateLike = (v: unknown): v is FeelDate | FeelDateTime => v instanceof FeelDate || v instanceof FeelDateTime;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date-time moved to `zone` (`Z`, an offset or a region id); a local date-time is taken as UTC. */
function atZone(dt: FeelDateTime, zone: string): FeelDateTime | null {
  try {
    const target = zone === 'Z' ? 'UTC' : zone;
    const plain = dt.value.toZonedDateTime(dt.zone ?? 'UTC').withTimeZone(target).toPlainDateTime().toString();
    const suffix = zone === 'Z' ? 'Z' : /^[+-]\d{2}:\d{2}$/.test(zone) ? zone : `@${zone}`;
    return parseDateTime(`${plain}${suffix}`);
  } catch {
    return null;
  }
}

/** Whole months from `a` to `b` (negative when `b` is earlier), as `Period.between` counts them. */
function monthsBetween(a: FeelDate | FeelDateTime, b: FeelDate | FeelDateTime): number {
  const rank = (d: FeelDate | FeelDateTime) => d.day * 1e6 + (d instanceof FeelDateTime ? d.hour * 1e4 + d.minute * 100 + d.second : 0);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (months > 0 && rank(b) < rank(a)) months--;
  if (months < 0 && rank(b) > rank(a)) months++;
  return months;
}

export const temporalFunctions = {
  now: builtin([], () => toFeel(feelNow())),
  today: builtin([], () => parseDate(feelNow().toISOString().slice(0, 10))),
  'last day of month': builtin(['date'], (d) => {
    if (!isDateLike(d)) return null;
    const last = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
    return parseDate(`${pad(d.year, 4)}-${pad(d.month)}-${pad(last)}`);
  }),
  'years and months duration': builtin(['from', 'to'], (a, b) => {
    if (!isDateLike(a) || !isDateLike(b)) return null;
    const m = monthsBetween(a, b);
    const abs = Math.abs(m);
    return duration(`${m < 0 ? '-' : ''}P${Math.floor(abs / 12)}Y${abs % 12}M`);
  }),
};

/**
 * `date and time` is a constructor feelin resolves without the evaluation context, so its Camunda
 * overload `date and time(date: date and time, timezone: string)` is added where feelin invokes it.
 */
const invoke = FeelFunction.prototype.invoke;
FeelFunction.prototype.invoke = function (this: FeelFunction, args: any) {
  if (this.parameterNames.join() === 'date,time,from') {
    const [dt, zone] = Array.isArray(args) ? args : [args?.date, args?.timezone];
    if (isDateTime(dt) && isString(zone) && (Array.isArray(args) ? args.length === 2 : 'timezone' in args)) return atZone(dt, zone);
  }
  return invoke.call(this, args);
};
