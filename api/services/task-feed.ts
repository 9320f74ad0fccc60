/**
 * Live task changes for the task stream. A trigger stamps every write that changes a task with
 * the next `change_seq` and what changed (migration 2026120101), whichever process writes it (the
 * API, the task projector, workers run apart). One poller per process reads the new stamps and
 * hands each change to every subscriber: it polls only while someone listens, every
 * `intervalMs`, and at once on `wake()` (after a write in this process).
 *
 * A stamp is taken when a row is written but becomes visible when its transaction commits, so a
 * later stamp can be seen before an earlier one. Stamps up to `lateWindowMs` old are therefore
 * looked at again (numbers only, from the index) and each change is delivered once.
 */
import type { Kysely } from 'kysely';
import type { Database, Task, TaskChange } from '../db/database.ts';

/** One change of one task. */
export interface TaskChangeEvent {
  seq: number;
  key: string;
  change: TaskChange;
  state: Task['state'];
  assigneeId: string | null;
  step: string | null;
  dossierCode: string | null;
  agencyId: string | null;
  candidateGroups: string[];
}

export interface TaskFeedOptions {
  /** Poll period while someone listens (default 400 ms). */
  intervalMs?: number;
  /** How long a stamp may wait for its transaction to commit and still be delivered (default 10 s). */
  lateWindowMs?: number;
  log: { error(obj: object, msg: string): void };
}

/** Most changes read per poll; more are read by the next poll, at once. */
const BATCH = 1000;
/**
 * More changes than this in one poll (a bulk import, a reconcile after an outage) reach listeners as
 * one `resync` (reload what you show) instead of one event each: an open list would otherwise be
 * flooded with thousands of events it can only answer by reloading anyway.
 */
export const BURST = 200;

/** Sent instead of the events of a burst of changes. */
export interface TaskResync {
  resync: true;
  /** The highest change number of the burst. */
  seq: number;
  /** The agencies whose tasks changed (a stream outside them has nothing to reload). */
  agencies: string[];
}

export class TaskFeed {
  readonly #db: Kysely<Database>;
  readonly #intervalMs: number;
  readonly #lateWindowMs: number;
  readonly #log: TaskFeedOptions['log'];
  readonly #listeners = new Set<(event: TaskChangeEvent | TaskResync) => void>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  /** The last poll read a full batch: what follows belongs to the same burst. */
  #inBurst = false;
  /** The highest stamp read; -1 until the first poll. */
  #high = -1;
  /** `#high` after each poll, oldest first: the low end of the window of late stamps. */
  #marks: Array<{ at: number; high: number }> = [];
  /** Stamps above the window's low end already delivered. */
  readonly #delivered = new Set<number>();

  constructor(db: Kysely<Database>, options: TaskFeedOptions) {
    this.#db = db;
    this.#intervalMs = options.intervalMs ?? 400;
    this.#lateWindowMs = options.lateWindowMs ?? 10_000;
    this.#log = options.log;
  }

  /** Calls `listener` with every task change from now on; returns the unsubscribe function. */
  subscribe(listener: (event: TaskChangeEvent | TaskResync) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.#poll(), this.#intervalMs);
      this.#timer.unref();
      void this.#poll();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#idle();
    };
  }

  /** Polls at once (a task was just written in this process). */
  wake(): void {
    if (this.#timer) void this.#poll();
  }

  /** Resolves after the poll running now, if any (tests). */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Drops every subscriber and stops polling. */
  async stop(): Promise<void> {
    this.#listeners.clear();
    this.#idle();
    await this.settled();
  }

  #idle(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#high = -1;
    this.#marks = [];
    this.#delivered.clear();
  }

  #poll(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pollOnce().catch((err: unknown) => this.#log.error({ err }, 'task feed poll failed')).finally(() => {
      this.#running = null;
      if (this.#again && this.#timer) {
        this.#again = false;
        void this.#poll();
      }
    });
    return this.#running;
  }

  #rows() {
    return this.#db.selectFrom('tasks').select(['change_seq', 'key', 'change', 'state', 'assignee_id', 'step', 'dossier_code', 'agency_id', 'candidate_groups']);
  }

  async #pollOnce(): Promise<void> {
    const now = Date.now();
    if (this.#high < 0) {
      const { max } = await this.#db.selectFrom('tasks').select((eb) => eb.fn.max('change_seq').as('max')).executeTakeFirstOrThrow();
      this.#high = Number(max ?? 0);
      this.#marks = [{ at: now, high: this.#high }];
      return;
    }
    while (this.#marks.length > 1 && this.#marks[1]!.at <= now - this.#lateWindowMs) this.#marks.shift();
    const low = this.#marks[0]!.high;
    for (const seq of this.#delivered) if (seq <= low) this.#delivered.delete(seq);
    const recent = low < this.#high
      ? await this.#db.selectFrom('tasks').select('change_seq').where('change_seq', '>', low).where('change_seq', '<=', this.#high).execute()
      : [];
    const late = recent.map((r) => Number(r.change_seq)).filter((seq) => !this.#delivered.has(seq));
    const lateRows = late.length ? await this.#rows().where('change_seq', 'in', late).execute() : [];
    const fresh = await this.#rows().where('change_seq', '>', this.#high).orderBy('change_seq').limit(BATCH).execute();
    if (fresh.length === BATCH) this.#again = true;
    const events: TaskChangeEvent[] = [];
    for (const row of [...lateRows, ...fresh]) {
      const seq = Number(row.change_seq);
      if (this.#delivered.has(seq)) continue;
      this.#delivered.add(seq);
      this.#high = Math.max(this.#high, seq);
      events.push({
        seq, key: row.key, change: row.change, state: row.state, assigneeId: row.assignee_id, step: row.step,
        dossierCode: row.dossier_code, agencyId: row.agency_id, candidateGroups: row.candidate_groups,
      });
    }
    // A burst (or the rest of one read in batches): one resync per poll instead of its events.
    const burst = events.length > BURST || this.#inBurst;
    this.#inBurst = fresh.length === BATCH;
    if (burst && events.length) this.#notify({ resync: true, seq: this.#high, agencies: [...new Set(events.map((e) => e.agencyId ?? ''))] });
    else for (const event of events) this.#notify(event);
    this.#marks.push({ at: now, high: this.#high });
  }

  #notify(event: TaskChangeEvent | TaskResync): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#log.error({ err }, 'task feed listener failed');
      }
    }
  }
}
