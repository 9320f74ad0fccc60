/**
 * Effects of the reception actions: online registration, paper reception, refusal, acceptance
 * and the supplement cycle (Decree 118 Art. 17, 19.5; Art. 11.2c: one supplement request only).
 */
import { REASONS } from './errors.ts';
import {
  existing, futureDate, isFailure, oneOf, optionalText, text, textList, workingDays, type Effect,
} from './effect-kit.ts';
import { blankState, endPause } from './state.ts';
import { CHANNELS, type Channel } from './statuses.ts';

/** Working days after receipt within which a supplement may be requested (Art. 19.5). */
export const SUPPLEMENT_WINDOW_WORKING_DAYS = 3;

const CHANNEL_NAMES = Object.keys(CHANNELS) as Channel[];

export const registerOnline: Effect<'register_online'> = (_s, input, env) => {
  const code = text(env, 'code', input.code);
  if (isFailure(code)) return code;
  return { next: blankState(code, 'online', env.now), details: { channel: 'online' } };
};

export const receive: Effect<'receive'> = (_s, input, env) => {
  const code = text(env, 'code', input.code);
  if (isFailure(code)) return code;
  const channel = oneOf(env, 'channel', input.channel, ['in_person', 'post'] as const);
  if (isFailure(channel)) return channel;
  const dueAt = futureDate(env, 'dueAt', input.dueAt, env.now);
  if (isFailure(dueAt)) return dueAt;
  const next = { ...blankState(code, channel, env.now), status: 'accepted' as const, receivedAt: env.now, dueAt };
  return { next, details: { channel, receivedAt: env.now.toISOString(), dueAt: dueAt.toISOString() } };
};

export const refuse: Effect<'refuse'> = (state, input, env) => {
  const reasons = textList(env, 'reasons', input.reasons);
  if (isFailure(reasons)) return reasons;
  let base = state;
  if (!base) {
    const code = text(env, 'code', input.code);
    if (isFailure(code)) return code;
    const channel = oneOf(env, 'channel', input.channel, CHANNEL_NAMES);
    if (isFailure(channel)) return channel;
    base = blankState(code, channel, env.now);
  }
  return { next: { ...base, status: 'refused', closedReason: 'refused' }, details: { reasons } };
};

export const accept: Effect<'accept'> = (state, input, env) => {
  const s = existing(state);
  const dueAt = futureDate(env, 'dueAt', input.dueAt, env.now);
  if (isFailure(dueAt)) return dueAt;
  return {
    next: { ...s, status: 'accepted', receivedAt: env.now, dueAt },
    details: { receivedAt: env.now.toISOString(), dueAt: dueAt.toISOString() },
  };
};

export const requestSupplement: Effect<'request_supplement'> = (state, input, env) => {
  const s = existing(state);
  const items = textList(env, 'items', input.items);
  if (isFailure(items)) return items;
  const reason = optionalText(env, 'reason', input.reason);
  if (isFailure(reason)) return reason;
  const supplementDueAt = futureDate(env, 'supplementDueAt', input.supplementDueAt, env.now);
  if (isFailure(supplementDueAt)) return supplementDueAt;
  if (s.supplementRequests >= 1) return env.fail('SUPPLEMENT_ALREADY_REQUESTED', REASONS.supplementOnce);
  if (s.receivedAt) {
    const elapsed = workingDays(env, s.receivedAt, env.now);
    if (isFailure(elapsed)) return elapsed;
    if (elapsed > SUPPLEMENT_WINDOW_WORKING_DAYS) return env.fail('SUPPLEMENT_WINDOW_PASSED', REASONS.supplementWindow);
  }
  const next = {
    ...s,
    status: 'supplement_requested' as const,
    supplementRequests: s.supplementRequests + 1,
    supplementDueAt,
    resumeTo: { ...s.resumeTo, supplement: s.status },
    pauses: [...s.pauses, { kind: 'supplement' as const, from: env.now, to: null }],
  };
  return { next, details: { items, reason, supplementDueAt: supplementDueAt.toISOString() } };
};

export const receiveSupplement: Effect<'receive_supplement'> = (state, input, env) => {
  const s = existing(state);
  const resume = s.resumeTo.supplement ?? 'registered';
  let dueAt = s.dueAt;
  if (s.receivedAt) {
    // Art. 19.5: the time limit restarts from zero; the caller computes the new due date.
    const d = futureDate(env, 'dueAt', input.dueAt, env.now);
    if (isFailure(d)) return d;
    dueAt = d;
  }
  const next = {
    ...s,
    status: resume,
    dueAt,
    supplementDueAt: null,
    resumeTo: { ...s.resumeTo, supplement: null },
    pauses: endPause(s.pauses, 'supplement', env.now),
  };
  return { next, details: { resumedTo: resume, dueAt: dueAt ? dueAt.toISOString() : null } };
};

export const closeUnsupplemented: Effect<'close_unsupplemented'> = (state, _input, env) => {
  const s = existing(state);
  if (s.supplementDueAt && env.now.getTime() < s.supplementDueAt.getTime()) {
    return env.fail('SUPPLEMENT_PERIOD_NOT_OVER', REASONS.supplementNotOver);
  }
  const next = {
    ...s,
    status: 'stopped' as const,
    closedReason: 'unsupplemented' as const,
    pauses: endPause(s.pauses, 'supplement', env.now),
  };
  return { next, details: { supplementDueAt: s.supplementDueAt ? s.supplementDueAt.toISOString() : null } };
};
