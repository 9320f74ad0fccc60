/**
 * The FEEL range functions feelin leaves unimplemented (DMN 1.3 §10.3.4.7, as feel-scala runs them):
 * overlaps before/after, finishes, finished by, during, starts, started by, coincides.
 */
import { FeelDateTime, FeelRange } from 'feelin';
import { builtin } from './helpers.ts';

interface R { s: unknown; e: unknown; si: boolean; ei: boolean }

/** A comparable form of a point: numbers and strings as is, date-times as instants, other temporals by ISO text. */
function point(v: unknown): number | string | null {
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof FeelDateTime) return v.value.toZonedDateTime(v.zone ?? 'UTC').epochNanoseconds.toString().padStart(30, '0');
  if (v && typeof v === 'object' && 'iso' in v) return String((v as { iso: unknown }).iso);
  return null;
}

function range(v: unknown): R | null {
  if (!(v instanceof FeelRange)) return null;
  const r = v as unknown as Record<string, unknown>;
  if (point(r.start) === null || point(r.end) === null) return null;
  return { s: point(r.start), e: point(r.end), si: r['start included'] === true, ei: r['end included'] === true };
}

type Cmp = (a: unknown, b: unknown) => boolean;
const lt: Cmp = (a, b) => (a as number) < (b as number);
const eq: Cmp = (a, b) => a === b;

/** Range-range and point-range variants of one function; null when the arguments are neither. */
function rangeFn(params: string[], onRanges: (a: R, b: R) => boolean, onPoint?: (p: unknown, r: R, pointFirst: boolean) => boolean) {
  return builtin(params, (x, y) => {
    const [a, b] = [range(x), range(y)];
    if (a && b) return onRanges(a, b);
    if (!onPoint) return null;
    if (b && point(x) !== null) return onPoint(point(x), b, true);
    if (a && point(y) !== null) return onPoint(point(y), a, false);
    return null;
  });
}

const overlapsBefore = (a: R, b: R) => (lt(a.s, b.s) || (eq(a.s, b.s) && a.si && !b.si)) && (lt(b.s, a.e) || (eq(a.e, b.s) && a.ei && b.si)) && (lt(a.e, b.e) || (eq(a.e, b.e) && (!a.ei || b.ei)));
const finishesR = (a: R, b: R) => a.ei === b.ei && eq(a.e, b.e) && (lt(b.s, a.s) || (eq(a.s, b.s) && (!a.si || b.si)));
const finishesP = (p: unknown, r: R) => r.ei && eq(r.e, p);
const duringR = (a: R, b: R) => (lt(b.s, a.s) || (eq(b.s, a.s) && (b.si || !a.si))) && (lt(a.e, b.e) || (eq(b.e, a.e) && (b.ei || !a.ei)));
const duringP = (p: unknown, r: R) => (lt(r.s, p) && lt(p, r.e)) || (eq(r.s, p) && r.si) || (eq(r.e, p) && r.ei);
const startsR = (a: R, b: R) => eq(a.s, b.s) && a.si === b.si && (lt(a.e, b.e) || (eq(a.e, b.e) && (!a.ei || b.ei)));
const startsP = (p: unknown, r: R) => eq(r.s, p) && r.si;

export const rangeFunctions = {
  'overlaps before': rangeFn(['range1', 'range2'], overlapsBefore),
  'overlaps after': rangeFn(['range1', 'range2'], (a, b) => overlapsBefore(b, a)),
  finishes: rangeFn(['range1', 'range2'], finishesR, (p, r, pointFirst) => pointFirst && finishesP(p, r)),
  'finished by': rangeFn(['range1', 'range2'], (a, b) => finishesR(b, a), (p, r, pointFirst) => !pointFirst && finishesP(p, r)),
  during: rangeFn(['range1', 'range2'], duringR, (p, r, pointFirst) => pointFirst && duringP(p, r)),
  starts: rangeFn(['range1', 'range2'], startsR, (p, r, pointFirst) => pointFirst && startsP(p, r)),
  'started by': rangeFn(['range1', 'range2'], (a, b) => startsR(b, a), (p, r, pointFirst) => !pointFirst && startsP(p, r)),
  coincides: builtin(['point1', 'point2'], (x, y) => {
    const [a, b] = [range(x), range(y)];
    if (a && b) return eq(a.s, b.s) && a.si === b.si && eq(a.e, b.e) && a.ei === b.ei;
    const [p, q] = [point(x), point(y)];
    return p === null || q === null ? null : p === q;
  }),
};
