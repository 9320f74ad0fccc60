/** Hands out unique keys from blocks reserved on the `engine_key_seq` sequence (10,000 per block). */
import { sql, type Kysely } from 'kysely';

const BLOCK = 10_000;

/** Thrown when a step needs more keys than reserved; the step is retried after a refill. */
export class KeysExhausted extends Error {}

/** Key allocator shared by the steps of one engine. */
export class KeyAllocator {
  #next = 0;
  #end = 0;
  readonly #db: Kysely<any>;

  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  /** Makes sure at least `count` keys are available without a round trip. */
  async ensure(count = 1000): Promise<void> {
    if (this.#end - this.#next >= count) return;
    const { rows } = await sql<{ v: number | string }>`select nextval('engine_key_seq') as v`.execute(this.#db);
    this.#next = Number(rows[0]!.v);
    this.#end = this.#next + BLOCK;
  }

  /** The next key, as a decimal string. */
  next(): string {
    if (this.#next >= this.#end) throw new KeysExhausted('key block exhausted');
    return String(this.#next++);
  }
}
