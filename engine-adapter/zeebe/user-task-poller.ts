/**
 * User-task events on Zeebe, by polling: the cluster pushes no user-task events to clients, so the
 * poller searches the open tasks at an interval and compares with what it saw last time.
 * The first poll only records a baseline (tasks open before subscribing are not announced);
 * a task that left the open set is read once to tell `completed` from `canceled`.
 * Completion variables are not available this way (`event.variables` stays undefined).
 */
import type { UserTask, UserTaskEvent } from '../workflow-engine.ts';
import type { ZeebeLogger } from './job-worker.ts';

/** What the poller reads. */
export interface UserTaskSource {
  listUserTasks(filter: { state: 'CREATED' }): Promise<UserTask[]>;
  getUserTask(key: string): Promise<UserTask>;
}

/** Fields whose change is an `updated` event. */
function fingerprint(t: UserTask): string {
  return JSON.stringify([t.assignee, t.candidateGroups, t.candidateUsers, t.dueDate, t.followUpDate, t.priority]);
}

/** Polls user tasks and calls the listeners with the differences. */
export class UserTaskPoller {
  readonly #source: UserTaskSource;
  readonly #intervalMs: number;
  readonly #logger: ZeebeLogger;
  readonly #listeners = new Set<(event: UserTaskEvent) => void>();
  #known: Map<string, UserTask> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(source: UserTaskSource, intervalMs: number, logger: ZeebeLogger) {
    this.#source = source;
    this.#intervalMs = intervalMs;
    this.#logger = logger;
  }

  /** Adds a listener; returns its removal. */
  subscribe(listener: (event: UserTaskEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Starts polling (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops polling. */
  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => void this.poll().finally(() => this.#schedule(this.#intervalMs)), delay);
  }

  /**
   * One poll: emits created / updated / completed / canceled since the previous one. Without listeners
   * nothing is read and the baseline is dropped, so that a later subscriber starts from a fresh one.
   */
  async poll(): Promise<void> {
    if (this.#listeners.size === 0) {
      this.#known = undefined;
      return;
    }
    try {
      const open = new Map((await this.#source.listUserTasks({ state: 'CREATED' })).map((t) => [t.key, t]));
      const previous = this.#known;
      this.#known = open;
      if (!previous) return;
      for (const [key, task] of open) {
        const before = previous.get(key);
        if (!before) this.#emit({ type: 'created', task });
        else if (fingerprint(before) !== fingerprint(task)) this.#emit({ type: 'updated', task });
      }
      for (const [key, before] of previous) if (!open.has(key)) await this.#closed(before);
    } catch (error) {
      this.#logger.warn(`Zeebe user-task poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async #closed(before: UserTask): Promise<void> {
    const task = await this.#source.getUserTask(before.key).catch(() => ({ ...before, state: 'CANCELED' as const }));
    // Still open: CREATED, or in a transition whose listeners run (ASSIGNING, COMPLETING, …).
    if (task.state !== 'COMPLETED' && task.state !== 'CANCELED') return void this.#known?.set(task.key, task);
    this.#emit({ type: task.state === 'COMPLETED' ? 'completed' : 'canceled', task });
  }

  #emit(event: UserTaskEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.warn(`User-task listener threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
