/**
 * Projects the engine's user tasks into the `tasks` table that the task list reads: each task with
 * its dossier, the agency whose officers do it, its candidate groups, assignee and due time.
 * Events arrive after the engine commits; a missed event (crash between the two) is repaired by
 * `reconcile()`, which runs at start and can run periodically.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Task } from '../db/database.ts';
import type { UserTask, WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { systemClock, type Clock } from './clock.ts';

export interface ProjectorLog {
  error(obj: object, msg: string): void;
}

/** Called after a new open task is projected, with its dossier (if any). */
export type TaskCreatedHook = (task: UserTask, dossier: { id: string; code: string; status: string } | undefined) => Promise<void>;

export class TaskProjector {
  readonly #hooks: TaskCreatedHook[] = [];
  readonly #written: Array<() => void> = [];
  readonly #db: Kysely<Database>;
  readonly #engine: WorkflowEngine;
  readonly #log: ProjectorLog;
  readonly #clock: Clock;
  #queue: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  /** The reconcile under way, if any. */
  #reconciling: Promise<ReconcileResult> | undefined;
  /** Where the reconcile pass under way stopped: the last engine key checked (undefined: start a new pass). */
  #cursor: string | undefined;
  #stopped = false;

  /** `clock` stamps completions (the engine's task carries no completion time). */
  constructor(db: Kysely<Database>, engine: WorkflowEngine, log: ProjectorLog, clock: Clock = systemClock) {
    this.#db = db;
    this.#engine = engine;
    this.#log = log;
    this.#clock = clock;
  }

  /** Subscribes to user-task events. */
  start(): void {
    this.#stopped = false;
    this.#unsubscribe ??= this.#engine.onUserTaskEvent((event) => this.#enqueue(async () => { await this.#project(event.task); }));
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Registers a hook run after each newly created task is projected. */
  onTaskCreated(hook: TaskCreatedHook): void {
    this.#hooks.push(hook);
  }

  /** Registers a listener called after each task row is written (the live task stream wakes up). */
  onWrite(listener: () => void): void {
    this.#written.push(listener);
  }

  /** Resolves when every event received so far is projected (and the reconcile under way, if any, has ended). */
  async idle(): Promise<void> {
    await this.#reconciling?.catch(() => undefined);
    await this.#queue;
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
   */
  reconcileSome(options: { pageSize?: number; maxPages?: number } = {}): Promise<ReconcileResult> {
    this.#reconciling ??= this.#reconcileSome(options.pageSize ?? 500, options.maxPages ?? 20).finally(() => { this.#reconciling = undefined; });
    return this.#reconciling;
  }

  /** Whether a reconcile is under way (tests, readiness). */
  get reconciling(): boolean {
    return this.#reconciling !== undefined;
  }

  async #reconcileSome(pageSize: number, maxPages: number): Promise<ReconcileResult> {
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
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return result;
  }

  /**
   * One page of the reconcile: `tasks` are the engine's open tasks with keys in (after, last] (no bound
   * when undefined), in key order. Rows that already say what the engine says are left alone; open rows
   * of that key range the engine did not list are read one by one (completed, canceled or gone).
   */
  async #reconcileRange(tasks: UserTask[], after: string | undefined, last: string | undefined): Promise<{ written: number; closed: number }> {
    let written = 0;
    let closed = 0;
    const keys = tasks.map((t) => t.key);
    const rows = keys.length === 0 ? [] : await this.#db.selectFrom('tasks')
      .select(['key', 'state', 'name', 'step', 'element_id', 'candidate_groups', 'assignee_id', 'due_at', 'priority', 'form_key', 'headers', 'dossier_id', 'dossier_code'])
      .where('key', 'in', keys).execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const task of tasks) {
      const row = byKey.get(task.key);
      if (row && (row.state !== 'CREATED' || sameProjection(row, task))) continue;
      // A known row keeps its dossier code: the engine's instance chain is not read again.
      if (await this.#project(task, row?.dossier_id ? row.dossier_code ?? undefined : undefined)) written += 1;
    }
    // Keys of engine tasks are integers: (length, text) orders them as numbers (index tasks_open_user_task_key_idx).
    let q = this.#db.selectFrom('tasks').select('key').where('state', '=', 'CREATED').where('kind', '=', 'user_task');
    if (after !== undefined) q = q.where(sql<boolean>`(length(key), key) > (${after.length}, ${after})`);
    if (last !== undefined) q = q.where(sql<boolean>`(length(key), key) <= (${last.length}, ${last})`);
    const listed = new Set(keys);
    for (const { key } of await q.execute()) {
      if (listed.has(key)) continue;
      const task = await this.#engine.getUserTask(key).catch(() => undefined);
      if (task) {
        if (await this.#project(task)) written += 1;
      } else {
        await this.#close(key, 'CANCELED');
        closed += 1;
      }
    }
    return { written, closed };
  }

  /** Runs `work` after the projection work queued so far, returning its outcome; the queue goes on either way. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.then(() => undefined, () => undefined);
    return run;
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(work).catch((err: unknown) => this.#log.error({ err }, 'task projection failed'));
    return this.#queue;
  }

  async #close(key: string, state: 'COMPLETED' | 'CANCELED'): Promise<void> {
    await this.#db.updateTable('tasks').set({ state, completed_at: this.#clock.now() }).where('key', '=', key).execute();
    for (const listener of this.#written) listener();
  }

  /** The dossier code of a process instance, looking up through called instances' parents. */
  async #dossierCode(processInstanceKey: string): Promise<string | undefined> {
    let key: string | null = processInstanceKey;
    for (let depth = 0; key && depth < 10; depth++) {
      const instance = await this.#engine.getProcessInstance(key);
      const code = instance?.variables.dossierCode;
      if (typeof code === 'string') return code;
      key = instance?.parentProcessInstanceKey ?? null;
    }
    return undefined;
  }

  /** Upserts one task; true when the row was written (an upsert that changes nothing writes nothing). */
  async #project(task: UserTask, knownCode?: string): Promise<boolean> {
    const code = knownCode ?? await this.#dossierCode(task.processInstanceKey);
    const dossier = code ? await this.#db.selectFrom('dossiers').select(['id', 'code', 'status', 'receiving_agency_id', 'handling_agency_id']).where('code', '=', code).executeTakeFirst() : undefined;
    const role = task.customHeaders.agencyRole;
    const agencyId = dossier ? (role === 'centre' ? dossier.receiving_agency_id : (dossier.handling_agency_id ?? dossier.receiving_agency_id)) : null;
    const assignee = task.assignee && /^[0-9a-f-]{36}$/.test(task.assignee) ? task.assignee : null;
    // A task whose transition's listeners run (ASSIGNING, COMPLETING, …) is still open for the task list.
    const projected: 'CREATED' | 'COMPLETED' | 'CANCELED' = task.state === 'COMPLETED' || task.state === 'CANCELED' ? task.state : 'CREATED';
    const row = {
      process_instance_key: task.processInstanceKey, bpmn_process_id: task.bpmnProcessId, element_id: task.elementId, name: task.name,
      step: task.customHeaders.step ?? null, dossier_id: dossier?.id ?? null, dossier_code: dossier?.code ?? code ?? null, agency_id: agencyId,
      candidate_groups: task.candidateGroups, assignee_id: assignee, state: projected, due_at: task.dueDate ? new Date(task.dueDate) : null,
      priority: task.priority, form_key: task.formKey, headers: JSON.stringify(task.customHeaders),
      completed_at: projected === 'CREATED' ? null : this.#clock.now(),
    };
    // A task the task list already completed never reopens from an older engine event.
    const state = sql<Task['state']>`case when tasks.state <> 'CREATED' then tasks.state else excluded.state end`;
    const completedAt = sql<Date | null>`coalesce(tasks.completed_at, excluded.completed_at)`;
    const written = await this.#db.insertInto('tasks').values({ key: task.key, created_at: task.creationDate, ...row })
      .onConflict((oc) => oc.column('key').doUpdateSet({
        ...row, state, completed_at: completedAt,
        // A new due date is classified again by the next SLA sweep.
        sla_state: sql<string | null>`case when tasks.due_at is distinct from excluded.due_at then null else tasks.sla_state end`,
      })
        // Nothing changes → no write at all (no dead row, no WAL, no stamp): the reconcile's common case.
        .where(sql<boolean>`(${sql.join(PROJECTED.map((c) => sql.ref(`tasks.${c}`)))}, tasks.state, tasks.completed_at)
          is distinct from (${sql.join(PROJECTED.map((c) => sql.ref(`excluded.${c}`)))}, ${state}, ${completedAt})`))
      .returning(sql<boolean>`xmax = 0`.as('created'))
      .executeTakeFirst();
    if (!written) return false;
    for (const listener of this.#written) listener();
    if (projected === 'CREATED' && written.created) for (const hook of this.#hooks) await hook(task, dossier);
    return true;
  }
}

/** The columns the projector writes from the engine's task and its dossier (besides state and completion). */
const PROJECTED = [
  'process_instance_key', 'bpmn_process_id', 'element_id', 'name', 'step', 'dossier_id', 'dossier_code', 'agency_id',
  'candidate_groups', 'assignee_id', 'due_at', 'priority', 'form_key', 'headers',
] as const;

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
  const assignee = task.assignee && /^[0-9a-f-]{36}$/.test(task.assignee) ? task.assignee : null;
  const due = task.dueDate ? new Date(task.dueDate).getTime() : null;
  const headers = row.headers ?? {};
  const taskHeaders = task.customHeaders;
  return row.name === task.name && row.element_id === task.elementId && row.step === (taskHeaders.step ?? null)
    && row.assignee_id === assignee && (row.due_at?.getTime() ?? null) === due && row.priority === task.priority && row.form_key === task.formKey
    && row.candidate_groups.length === task.candidateGroups.length && row.candidate_groups.every((g, i) => g === task.candidateGroups[i])
    && Object.keys(headers).length === Object.keys(taskHeaders).length && Object.entries(taskHeaders).every(([k, v]) => headers[k] === v);
}
