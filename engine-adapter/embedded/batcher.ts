/**
 * Groups independent commands (job completions, instance creations) into shared transactions: one
 * statement per table for the whole batch instead of one per command. A batch that fails as a whole
 * is replayed one command at a time, so one bad command never fails the others.
 */
import type { EngineCore } from './core.ts';
import type { StepContext } from './step-context.ts';

/** Applies a batch in one step; returns per item a value or an error. */
export type BatchApply<I, R> = (ctx: StepContext, items: I[]) => Promise<(R | Error)[]>;

interface Pending<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

/** Batches commands of one kind. */
export class StepBatcher<I, R> {
  readonly #queue: Pending<I, R>[] = [];
  #running = 0;

  constructor(
    readonly core: EngineCore,
    readonly apply: BatchApply<I, R>,
    readonly maxBatch = 64,
    readonly maxConcurrent = 4,
  ) {}

  /** Queues a command; resolves once its transaction committed. */
  submit(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.maxConcurrent && this.#queue.length) {
      const batch = this.#queue.splice(0, this.maxBatch);
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #run(batch: Pending<I, R>[]): Promise<void> {
    let results: (R | Error)[];
    try {
      results = await this.core.step((ctx) => this.apply(ctx, batch.map((p) => p.item)));
    } catch {
      results = [];
      for (const p of batch) {
        results.push(await this.core.step(async (ctx) => (await this.apply(ctx, [p.item]))[0]!).catch((err: Error) => err));
      }
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r instanceof Error) p.reject(r);
      else p.resolve(r as R);
    });
  }
}
