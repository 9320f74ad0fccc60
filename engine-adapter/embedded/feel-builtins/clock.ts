/**
 * The instant `now()` and `today()` read: the engine step's time (its clock, a ManualClock in tests),
 * carried through the step's async context; the wall clock outside a step.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<Date>();

/** Runs `fn` with FEEL's `now()` fixed to `now`. */
export function withFeelClock<T>(now: Date, fn: () => T): T {
  return current.run(now, fn);
}

/** FEEL's current instant. */
export function feelNow(): Date {
  return current.getStore() ?? new Date();
}
