/**
 * Projects the engine's user tasks into the `tasks` table that the task list reads: each task with
 * its dossier, the agency whose officers do it, its candidate groups, assignee and due time.
 * Events arrive after the engine commits; a missed event (crash between the two) is repaired by
 * `reconcile()`, which runs at start and can run periodically.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
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

  /** `clock` stamps completions (the engine's task carries no completion time). */
  constructor(db: Kysely<Database>, engine: WorkflowEngine, log: ProjectorLog, clock: Clock = systemClock) {
    this.#db = db;
    this.#engine = engine;
    this.#log = log;
    this.#clock = clock;
  }

  /** Subscribes to user-task events. */
  start(): void {
    this.#unsubscribe ??= this.#engine.onUserTaskEvent((event) => this.#enqueue(() => this.#project(event.task)));
  }

  stop(): void {
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

  /** Resolves when every event received so far is projected. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Brings the table in line with the engine: open tasks upserted, vanished ones closed. */
  async reconcile(): Promise<void> {
    const open = await this.#engine.listUserTasks({ state: 'CREATED' });
    for (const task of open) await this.#enqueue(() => this.#project(task));
    const openKeys = new Set(open.map((t) => t.key));
    const stale = await this.#db.selectFrom('tasks').select('key').where('state', '=', 'CREATED').where('kind', '=', 'user_task').execute();
    for (const { key } of stale.filter((r) => !openKeys.has(r.key))) {
      const task = await this.#engine.getUserTask(key).catch(() => undefined);
      await this.#enqueue(() => (task ? this.#project(task) : this.#close(key, 'CANCELED')));
    }
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

  async #project(task: UserTask): Promise<void> {
    const code = await this.#dossierCode(task.processInstanceKey);
    const dossier = code ? await this.#db.selectFrom('dossiers').select(['id', 'code', 'status', 'receiving_agency_id', 'handling_agency_id']).where('code', '=', code).executeTakeFirst() : undefined;
    const role = task.customHeaders.agencyRole;
    const agencyId = dossier ? (role === 'centre' ? dossier.receiving_agency_id : (dossier.handling_agency_id ?? dossier.receiving_agency_id)) : null;
    const assignee = task.assignee && /^[0-9a-f-]{36}$/.test(task.assignee) ? task.assignee : null;
    // A task whose transition's listeners run (ASSIGNING, COMPLETING, …) is still open for the task list.
    const state: 'CREATED' | 'COMPLETED' | 'CANCELED' = task.state === 'COMPLETED' || task.state === 'CANCELED' ? task.state : 'CREATED';
    const row = {
      process_instance_key: task.processInstanceKey, bpmn_process_id: task.bpmnProcessId, element_id: task.elementId, name: task.name,
      step: task.customHeaders.step ?? null, dossier_id: dossier?.id ?? null, dossier_code: dossier?.code ?? code ?? null, agency_id: agencyId,
      candidate_groups: task.candidateGroups, assignee_id: assignee, state, due_at: task.dueDate ? new Date(task.dueDate) : null,
      priority: task.priority, form_key: task.formKey, headers: JSON.stringify(task.customHeaders),
      completed_at: state === 'CREATED' ? null : this.#clock.now(),
    };
    const inserted = await this.#db.insertInto('tasks').values({ key: task.key, created_at: task.creationDate, ...row })
      .onConflict((oc) => oc.column('key').doUpdateSet({
        ...row,
        // A task the task list already completed never reopens from an older engine event.
        state: sql`case when tasks.state <> 'CREATED' then tasks.state else excluded.state end`,
        completed_at: (eb) => eb.fn.coalesce('tasks.completed_at', eb.val(row.completed_at)),
      }))
      .returning(sql<boolean>`xmax = 0`.as('created'))
      .executeTakeFirst();
    for (const listener of this.#written) listener();
    if (state === 'CREATED' && inserted?.created) for (const hook of this.#hooks) await hook(task, dossier);
  }
}
