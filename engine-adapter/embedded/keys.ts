/** Hands out unique keys from blocks reserved on the `engine_key_seq` sequence (10,000 per block). */
import { sql, type Kysely } from 'kysely';

const BLOCK = 10_000;

/** Thrown when a step needs more keys than reserved; the step is retried after a bigger refill. */
export class KeysExhausted extends Error {}

/** Key allocator shared by the steps of one engine. */
export class KeyAllocator {
  /** Reserved ranges `[next, end)`, used in order. */
  readonly #ranges: [number, number][] = [];
  readonly #db: Kysely<any>;

  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  #available(): number {
    return this.#ranges.reduce((n, [next, end]) => n + end - next, 0);
  }

  /** Makes sure at least `count` keys are available without a round trip. */
  async ensure(count = 1000): Promise<void> {
    while (this.#available() < count) {
      const { rows } = await sql<{ v: number | string }>`select nextval('engine_key_seq') as v`.execute(this.#db);
      const start = Number(rows[0]!.v);
      this.#ranges.push([start, start + BLOCK]);
    }
  }

  /** The next key, as a decimal string. */
  next(): string {
    const range = this.#ranges[0];
    if (!range) throw new KeysExhausted('key block exhausted');
    const key = range[0]++;
    if (range[0] >= range[1]) this.#ranges.shift();
    return String(key);
  }
}
