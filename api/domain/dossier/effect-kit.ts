/**
 * Shared pieces of the transition effects: the environment they run in, their outcome, and
 * input checks that return a failure instead of throwing.
 */
import type { TransitionError, TransitionErrorCode } from './errors.ts';
import { REASONS } from './errors.ts';
import type { DossierState } from './state.ts';
import type { DossierAction, TransitionInput, WorkingDaysBetween } from './inputs.ts';

/** A refused effect. */
export interface Failure {
  failure: TransitionError;
}

/** A successful effect: the next state and event details. */
export interface Success {
  next: DossierState;
  details: Record<string, unknown>;
}

/** What an effect returns. */
export type Outcome = Success | Failure;

/** What an effect gets besides state and input. */
export interface EffectEnv {
  now: Date;
  fail: (code: TransitionErrorCode, reason: { vi: string; en: string }, field?: string) => Failure;
  workingDaysBetween?: WorkingDaysBetween;
}

/** An effect: checks guards and computes the next state. `state` is null only for `none` sources. */
export type Effect<A extends DossierAction> = (
  state: DossierState | null,
  input: TransitionInput<A>,
  env: EffectEnv,
) => Outcome;

/** True when an outcome is a failure. */
export function isFailure(o: unknown): o is Failure {
  return typeof o === 'object' && o !== null && 'failure' in o;
}

/** The state of an action that needs an existing dossier (the table guarantees it). */
export function existing(state: DossierState | null): DossierState {
  if (!state) throw new Error('unreachable: the table lets this action run only on an existing dossier');
  return state;
}

function invalid(env: EffectEnv, field: string, vi: string, en: string): Failure {
  return env.fail('INVALID_INPUT', { vi, en }, field);
}

/** A trimmed, NFC-normalised non-blank string, or a failure. */
export function text(env: EffectEnv, field: string, value: unknown): string | Failure {
  if (typeof value !== 'string' || value.trim() === '') {
    return invalid(env, field, `Thiếu ${field}`, `${field} is required`);
  }
  return value.trim().normalize('NFC');
}

/** An optional string: undefined/null gives null; otherwise as `text`. */
export function optionalText(env: EffectEnv, field: string, value: unknown): string | null | Failure {
  if (value === undefined || value === null || value === '') return null;
  return text(env, field, value);
}

/** A non-empty list of non-blank strings, or a failure. */
export function textList(env: EffectEnv, field: string, value: unknown): string[] | Failure {
  if (!Array.isArray(value) || value.length === 0) {
    return invalid(env, field, `Cần ít nhất một mục ${field}`, `${field} needs at least one item`);
  }
  const out: string[] = [];
  for (const [i, item] of value.entries()) {
    const t = text(env, `${field}[${i}]`, item);
    if (isFailure(t)) return t;
    out.push(t);
  }
  return out;
}

/** A valid Date strictly after `after` (when given), or a failure. */
export function futureDate(env: EffectEnv, field: string, value: unknown, after: Date | null): Date | Failure {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    return invalid(env, field, `${field} không phải thời điểm hợp lệ`, `${field} is not a valid time`);
  }
  if (after && value.getTime() <= after.getTime()) {
    return invalid(env, field, `${field} phải sau ${after.toISOString()}`, `${field} must be after ${after.toISOString()}`);
  }
  return value;
}

/** A valid Date not after now and not before `notBefore` (when given), or a failure. */
export function pastDate(env: EffectEnv, field: string, value: unknown, notBefore: Date | null): Date | Failure {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    return invalid(env, field, `${field} không phải thời điểm hợp lệ`, `${field} is not a valid time`);
  }
  if (value.getTime() > env.now.getTime()) {
    return invalid(env, field, `${field} không được sau thời điểm hiện tại`, `${field} may not be in the future`);
  }
  if (notBefore && value.getTime() < notBefore.getTime()) {
    return invalid(env, field, `${field} không được trước ${notBefore.toISOString()}`, `${field} may not be before ${notBefore.toISOString()}`);
  }
  return value;
}

/** An amount in VND: an integer ≥ `min`, or a failure. */
export function vnd(env: EffectEnv, field: string, value: unknown, min: number): number | Failure {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    return invalid(env, field, `${field} phải là số nguyên đồng ≥ ${min}`, `${field} must be an integer amount of VND ≥ ${min}`);
  }
  return value;
}

/** One of the allowed values, or a failure. */
export function oneOf<T extends string>(env: EffectEnv, field: string, value: unknown, allowed: readonly T[]): T | Failure {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return invalid(env, field, `${field} phải là một trong: ${allowed.join(', ')}`, `${field} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Working days between two times, or a failure when no calendar was injected. */
export function workingDays(env: EffectEnv, from: Date, to: Date): number | Failure {
  if (!env.workingDaysBetween) return env.fail('WORKING_TIME_UNAVAILABLE', REASONS.workingTime);
  return env.workingDaysBetween(from, to);
}
