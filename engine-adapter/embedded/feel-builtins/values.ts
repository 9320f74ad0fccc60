/**
 * Camunda's boolean, context, conversion, numeric and miscellaneous extensions (feel-scala): is defined,
 * get or else, assert, get value / context put with a key path, from / to json, fromAi, random number,
 * decimal with a rounding mode, the round functions with an optional scale.
 */
import { isDateTime, isTemporal } from './temporal.ts';
import { builtin, FeelFailure, isContext, isList, isNumber, isString } from './helpers.ts';

type Mode = 'UP' | 'DOWN' | 'CEILING' | 'FLOOR' | 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'UNNECESSARY';

/** BigDecimal-style rounding of `n` at `scale` (float noise below 1e-9 is ignored). */
function round(n: unknown, scale: unknown, mode: Mode): number | null {
  if (!isNumber(n) || !isNumber(scale) || !Number.isInteger(scale)) return null;
  const f = 10 ** scale;
  const x = Number((n * f).toFixed(9));
  const lower = Math.floor(x);
  const frac = x - lower;
  const awayFromZero = x < 0 ? lower : Math.ceil(x);
  const towardZero = x < 0 ? Math.ceil(x) : lower;
  let r: number;
  switch (mode) {
    case 'UP': r = awayFromZero; break;
    case 'DOWN': r = towardZero; break;
    case 'CEILING': r = Math.ceil(x); break;
    case 'FLOOR': r = lower; break;
    case 'UNNECESSARY': if (frac !== 0) return null; r = x; break;
    default: {
      const half = Math.abs(Math.abs(x - towardZero) - 0.5) < 1e-9;
      if (!half) { r = Math.round(Math.abs(x)) * Math.sign(x); break; }
      if (mode === 'HALF_UP') r = awayFromZero;
      else if (mode === 'HALF_DOWN') r = towardZero;
      else r = towardZero % 2 === 0 ? towardZero : awayFromZero;
    }
  }
  const out = r / f;
  return Object.is(out, -0) ? 0 : out;
}

const rounding = (mode: Mode) => builtin(['n', 'scale'], (n, scale) => round(n, scale ?? 0, mode));

function toJsonValue(v: unknown): unknown {
  if (v === null || isString(v) || typeof v === 'boolean' || isNumber(v)) return v;
  if (isList(v)) return v.map(toJsonValue);
  if (isContext(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  if (isDateTime(v) && v.zone && v.zone.includes('/')) return v.value.toZonedDateTime(v.zone).toString();
  if (isTemporal(v) || (v && typeof v === 'object' && 'iso' in v)) return String(v);
  return null;
}

function putPath(ctx: Record<string, unknown>, keys: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = keys;
  const inner = ctx[head!];
  return { ...ctx, [head!]: rest.length ? putPath(isContext(inner) ? inner : {}, rest, value) : value };
}

export const valueFunctions = {
  'is defined': builtin(['value'], (v) => v !== null),
  'get or else': builtin(['value', 'default'], (v, d) => v ?? d),
  assert: builtin(['value', 'condition', 'cause'], (v, condition, cause) => {
    if (condition !== true) throw new FeelFailure(isString(cause) ? cause : 'The condition is not fulfilled');
    return v;
  }),
  'get value': builtin(['context', 'key', 'keys'], (ctx, key, keys) => {
    const path = keys ?? key;
    if (!isContext(ctx)) return null;
    if (isString(path)) return ctx[path] ?? null;
    if (!isList(path) || !path.length || !path.every(isString)) return null;
    let cur: unknown = ctx;
    for (const k of path) cur = isContext(cur) ? cur[k] ?? null : null;
    return cur;
  }),
  'context put': builtin(['context', 'keys', 'value', 'key'], (ctx, keys, value, key) => {
    const path = keys ?? key;
    if (!isContext(ctx)) return null;
    if (isString(path)) return { ...ctx, [path]: value };
    if (!isList(path) || !path.length || !path.every(isString)) return null;
    return putPath(ctx, path as string[], value);
  }),
  'from json': builtin(['value'], (s) => {
    if (!isString(s)) return null;
    try {
      return JSON.parse(s);
    } catch {
      return null;
    }
  }),
  'to json': builtin(['value'], (v) => JSON.stringify(toJsonValue(v))),
  fromAi: builtin(['value', 'description', 'type', 'schema', 'options'], (v) => v),
  'random number': builtin([], () => Math.random()),
  decimal: builtin(['n', 'scale', 'mode'], (n, scale, mode) => {
    const m = (isString(mode) ? mode.toUpperCase() : 'HALF_EVEN') as Mode;
    if (!['UP', 'DOWN', 'CEILING', 'FLOOR', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN', 'UNNECESSARY'].includes(m)) return null;
    return round(n, scale, m);
  }),
  'round up': rounding('UP'),
  'round down': rounding('DOWN'),
  'round half up': rounding('HALF_UP'),
  'round half down': rounding('HALF_DOWN'),
};
