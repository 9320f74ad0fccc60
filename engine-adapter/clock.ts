/** Time source of the engine: injected so tests move time forward instead of sleeping. */

/** A source of the current time. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  #ms: number;

  /** Starts at `start` (default 2026-01-01T00:00:00Z). */
  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.#ms = new Date(start).getTime();
  }

  /** The current (frozen) instant. */
  now(): Date {
    return new Date(this.#ms);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#ms += ms;
  }

  /** Sets the clock to an instant. */
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
}
