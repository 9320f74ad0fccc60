/**
 * Projects the engine's user tasks into the `tasks` table that the task list reads: each task with
 * its dossier, the agency whose officers do it, its candidate groups, assignee and due time.
 * Events arrive after the engine commits; a missed event (crash between the two) is repaired by
 * `reconcile()`, which runs at start and can run periodically.
 * Events are projected in batches (issue 18: one at a time, a burst of receptions queued for seconds):
 * every event received while the previous batch was written goes into the next one, the last event of
 * each task wins, and the batch is three statements (`task-projection.ts`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Task } from '../db/database.ts';
import type { UserTask, WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { systemClock, type Clock } from './clock.ts';
import { assigneeOf, DossierCodes, projectTasks, type Projected, type ProjectedDossier } from './task-projection.ts';

/** Events projected in one batch at most (the rest go into the next). */
const MAX_BATCH = 500;

export interface ProjectorLog {
  error(obj: object, msg: string): void;
}

/** Called after a new open task is projected, with its dossier (if any). */
export type TaskCreatedHook = (task: UserTask, dossier: ProjectedDossier | undefined) => Promise<void>;
/** Called once per projected batch with the new open tasks it wrote (at least one), each with its dossier (if any). */
export type TasksCreatedHook = (created: Array<{ task: UserTask; dossier: ProjectedDossier | undefined }>) => Promise<void>;

export class TaskProjector {
  readonly #hooks: TaskCreatedHook[] = [];
  readonly #batchHooks: TasksCreatedHook[] = [];
  readonly #written: Array<() => void> = [];
  readonly #db: Kysely<Database>;
  readonly #engine: WorkflowEngine;
  readonly #log: ProjectorLog;
  readonly #clock: Clock;
  readonly #codes: DossierCodes;
  #queue: Promise<void> = Promise.resolve();
  /** Events received and not yet taken by a batch; `#drainQueued` when a batch is queued to take them. */
  readonly #pending: UserTask[] = [];
  #drainQueued = false;
  #unsubscribe: (() => void) | undefined;
  /** The reconcile under way, if any. */
  #reconciling: Promise<ReconcileResult> | undefined;
  /** Where the reconcile pass under way stopped: the last engine key checked (undefined: start a new pass). */
  #cursor: string | undefined;
  #stopped = false;
  /** Ends the pause between two reconcile pages at once (stop). */
  #endPause: (() => void) | undefined;

  /** `clock` stamps completions (the engine's task carries no completion time). */
  constructor(db: Kysely<Database>, engine: WorkflowEngine, log: ProjectorLog, clock: Clock = systemClock) {
    this.#db = db;
    this.#engine = engine;
    this.#log = log;
    this.#clock = clock;
    this.#codes = new DossierCodes(engine);
  }

  /** Subscribes to user-task events. */
  start(): void {
    this.#stopped = false;
    this.#unsubscribe ??= this.#engine.onUserTaskEvent((event) => this.#receive(event.task));
  }

  stop(): void {
    this.#stopped = true;
    this.#endPause?.();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /**
   * Registers a hook run after each newly created open task is projected (a hook's failure is logged;
   * the batch's other tasks and hooks go on). A task created and completed within one batch is
   * projected completed, and no hook runs for it.
   */
  onTaskCreated(hook: TaskCreatedHook): void {
    this.#hooks.push(hook);
  }

  /**
   * Registers a hook called once per batch with all the new open tasks it projected: one statement for a
   * burst instead of one per task, and the projector's next batch waits for one call, not for one per task.
   */
  onTasksCreated(hook: TasksCreatedHook): void {
    this.#batchHooks.push(hook);
  }

  /** Registers a listener called after each task row is written (the live task stream wakes up). */
  onWrite(listener: () => void): void {
    this.#written.push(listener);
  }

  /** Resolves when every event received so far is projected (and the reconcile under way, if any, has ended). */
  async idle(): Promise<void> {
    await this.#reconciling?.catch(() => undefined);
    // A batch may queue the next one (more than MAX_BATCH pending): wait until the queue stops growing.
    for (let queue = this.#queue; ; queue = this.#queue) {
      await queue;
      if (queue === this.#queue) return;
    }
  }

  /**
   * Brings the table in line with the engine, one whole pass from the first open task: open tasks
   * upserted (only those that differ), vanished ones closed. Waits for a run already under way
   * instead of running beside it.
   */
  async reconcile(options: { pageSize?: number } = {}): Promise<ReconcileResult> {
    while (this.#reconciling) await this.#reconciling.catch(() => undefined);
    this.#cursor = undefined;
    return this.reconcileSome({ ...options, maxPages: Number.POSITIVE_INFINITY });
  }

  /**
   * Part of a pass, bounded: up to `maxPages` pages of `pageSize` open engine tasks (keyset, by key),
   * continuing from where the last call stopped; `complete` when the pass reached the end (the next
   * call starts a new one). Never two at once: a call while one runs returns that one's result.
   * `pauseMs` between two pages spreads a run's reads over time (a stop ends the pause at once).
   */
  reconcileSome(options: { pageSize?: number; maxPages?: number; pauseMs?: number } = {}): Promise<ReconcileResult> {
    this.#reconciling ??= this.#reconcileSome(options.pageSize ?? 500, options.maxPages ?? 20, options.pauseMs ?? 0).finally(() => { this.#reconciling = undefined; });
    return this.#reconciling;
  }

  /** Whether a reconcile is under way (tests, readiness). */
  get reconciling(): boolean {
    return this.#reconciling !== undefined;
  }

  async #reconcileSome(pageSize: number, maxPages: number, pauseMs: number): Promise<ReconcileResult> {
    const result: ReconcileResult = { checked: 0, written: 0, closed: 0, complete: false };
    for (let pages = 0; pages < maxPages && !this.#stopped; pages++) {
      const after = this.#cursor;
      const listed = await this.#engine.listUserTasks({ state: 'CREATED', ...(after === undefined ? {} : { afterKey: after }), limit: pageSize });
      // An engine that does not page (the Zeebe adapter) returns every open task in its own order: paged here.
      const sorted = listed.filter((task) => after === undefined || keyOrder(task.key, after) > 0).sort((a, b) => keyOrder(a.key, b.key));
      const tasks = sorted.slice(0, pageSize);
      const last = sorted.length >= pageSize ? tasks.at(-1)!.key : undefined;
      const counts = await this.#serial(() => this.#reconcileRange(tasks, after, last));
      result.checked += tasks.length;
      result.written += counts.written;
      result.closed += counts.closed;
      this.#cursor = last;
      if (last === undefined) {
        result.complete = true;
        break;
      }
      // Let requests and live events through between pages.
      await this.#pause(pauseMs);
    }
    return result;
  }

  /**
   * One page of the reconcile: `tasks` are the engine's open tasks with keys in (after, last] (no bound
   * when undefined), in key order. Rows that already say what the engine says are left alone; open rows
   * of that key range the engine did not list are read one by one (completed, canceled or gone).
   */
  async #reconcileRange(tasks: UserTask[], after: string | undefined, last: string | undefined): Promise<{ written: number; closed: number }> {
    let closed = 0;
    const keys = tasks.map((t) => t.key);
    const rows = keys.length === 0 ? [] : await this.#db.selectFrom('tasks')
      .select(['key', 'state', 'name', 'step', 'element_id', 'candidate_groups', 'assignee_id', 'due_at', 'priority', 'form_key', 'headers'])
      .where('key', 'in', keys).execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const stale = tasks.filter((task) => {
      const row = byKey.get(task.key);
      return !(row && (row.state !== 'CREATED' || sameProjection(row, task)));
    });
    // Keys of engine tasks are integers: (length, text) orders them as numbers (index tasks_open_user_task_key_idx).
    let q = this.#db.selectFrom('tasks').select('key').where('state', '=', 'CREATED').where('kind', '=', 'user_task');
    if (after !== undefined) q = q.where(sql<boolean>`(length(key), key) > (${after.length}, ${after})`);
    if (last !== undefined) q = q.where(sql<boolean>`(length(key), key) <= (${last.length}, ${last})`);
    const listed = new Set(keys);
    for (const { key } of await q.execute()) {
      if (listed.has(key)) continue;
      const task = await this.#engine.getUserTask(key).catch(() => undefined);
      if (task) {
        stale.push(task);
      } else {
        await this.#close(key, 'CANCELED');
        closed += 1;
      }
    }
    // The rows that differ in one batch; a known row keeps its dossier code (the engine's instance chain is not read again).
    const { written, errors } = await this.#write(stale);
    if (errors.length) throw errors[0];
    return { written, closed };
  }

  /** Waits `ms` (at least a turn of the event loop), or until `stop()`. */
  #pause(ms: number): Promise<void> {
    if (ms <= 0 || this.#stopped) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.#endPause = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      timer.unref();
      this.#endPause = end;
    });
  }

  /** Runs `work` after the projection work queued so far, returning its outcome; the queue goes on either way. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.then(() => undefined, () => undefined);
    return run;
  }

  /** An engine event: taken by the batch queued next (queued now if none is). */
  #receive(task: UserTask): void {
    this.#pending.push(task);
    if (this.#drainQueued) return;
    this.#drainQueued = true;
    void this.#enqueue(() => this.#drain());
  }

  /** Projects the events pending (up to MAX_BATCH; the next batch is queued for the rest), the last event of each task winning. */
  async #drain(): Promise<void> {
    this.#drainQueued = false;
    const batch = this.#pending.splice(0, MAX_BATCH);
    if (this.#pending.length) {
      this.#drainQueued = true;
      void this.#enqueue(() => this.#drain());
    }
    const latest = new Map<string, UserTask>();
    for (const task of batch) {
      latest.delete(task.key);
      latest.set(task.key, task);
    }
    const { errors } = await this.#write([...latest.values()]);
    for (const err of errors) this.#log.error({ err }, 'task projection failed');
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(work).catch((err: unknown) => this.#log.error({ err }, 'task projection failed'));
    return this.#queue;
  }

  async #close(key: string, state: 'COMPLETED' | 'CANCELED'): Promise<void> {
    await this.#db.updateTable('tasks').set({ state, completed_at: this.#clock.now() }).where('key', '=', key).execute();
    for (const listener of this.#written) listener();
  }

  /**
   * Upserts tasks (one per key) in one batch, then runs the hooks of the open tasks it created. A batch
   * that fails as a whole is written again one task at a time, so one bad task never loses the others;
   * a hook's failure is reported and the other hooks still run. Returns the rows written and the errors.
   */
  async #write(tasks: UserTask[]): Promise<{ written: number; errors: unknown[] }> {
    const errors: unknown[] = [];
    let projected: Projected[] = [];
    try {
      projected = await projectTasks(this.#db, this.#codes, tasks, this.#clock.now());
    } catch (err) {
      if (tasks.length === 1) errors.push(err);
      else for (const task of tasks) {
        try {
          projected.push(...await projectTasks(this.#db, this.#codes, [task], this.#clock.now()));
        } catch (one) {
          errors.push(one);
        }
      }
    }
    if (projected.length) for (const listener of this.#written) listener();
    const opened = projected.filter(({ task, created }) => created && task.state !== 'COMPLETED' && task.state !== 'CANCELED');
    if (opened.length) for (const hook of this.#batchHooks) {
      try {
        await hook(opened.map(({ task, dossier }) => ({ task, dossier })));
      } catch (err) {
        errors.push(err);
      }
    }
    for (const { task, dossier } of opened) {
      for (const hook of this.#hooks) {
        try {
          await hook(task, dossier);
        } catch (err) {
          errors.push(err);
        }
      }
    }
    return { written: projected.length, errors };
  }
}

/** What one reconcile call did. */
export interface ReconcileResult {
  /** Open engine tasks compared with their rows. */
  checked: number;
  /** Rows written (new or changed); unchanged ones are not. */
  written: number;
  /** Open rows the engine no longer knows, closed as canceled. */
  closed: number;
  /** The pass reached the end of the engine's open tasks. */
  complete: boolean;
}

/** Numeric order of integer keys given as text. */
function keyOrder(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

type ProjectedRow = Pick<Task, 'name' | 'step' | 'element_id' | 'candidate_groups' | 'assignee_id' | 'due_at' | 'priority' | 'form_key' | 'headers'>;

/** Whether an open row already shows what the engine says of its task (the fields a task changes by). */
function sameProjection(row: ProjectedRow, task: UserTask): boolean {
  const assignee = assigneeOf(task);
  const due = task.dueDate ? new Date(task.dueDate).getTime() : null;
  const headers = row.headers ?? {};
  const taskHeaders = task.customHeaders;
  return row.name === task.name && row.element_id === task.elementId && row.step === (taskHeaders.step ?? null)
    && row.assignee_id === assignee && (row.due_at?.getTime() ?? null) === due && row.priority === task.priority && row.form_key === task.formKey
    && row.candidate_groups.length === task.candidateGroups.length && row.candidate_groups.every((g, i) => g === task.candidateGroups[i])
    && Object.keys(headers).length === Object.keys(taskHeaders).length && Object.entries(taskHeaders).every(([k, v]) => headers[k] === v);
}
