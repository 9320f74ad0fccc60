/** A clock that tests move by hand. */
export class ManualClock {
  #now: number;

  constructor(start: Date | string = '2026-03-02T02:00:00.000Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves time forward by milliseconds. */
  advance(ms: number): void {
    this.#now += ms;
  }

  set(to: Date | string): void {
    this.#now = new Date(to).getTime();
  }
}
