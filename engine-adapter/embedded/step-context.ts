/**
 * One step = one transaction. The step context holds the instances locked in it, buffers every row
 * to write, the work still to do (agenda, cross-instance operations), and the events to emit after commit.
 */
import type { Kysely } from 'kysely';
import type { UserTaskEvent, Variables } from '../workflow-engine.ts';
import type { KeyAllocator } from './keys.ts';
import type { ProcessDefinition } from './model.ts';
import type { HistoryRow, IncidentRow, InstanceDoc, JobRow, SubscriptionRow, TimerRow, UserTaskRow } from './state.ts';
import type { EngineCore } from './core.ts';
import type { SignalSubscriptionRow } from './signals.ts';

/** An instance loaded (and row-locked) in the current step. */
export interface LoadedInstance {
  key: string;
  def: ProcessDefinition;
  doc: InstanceDoc;
  state: 'ACTIVE' | 'COMPLETED' | 'CANCELED';
  isNew: boolean;
  startedAt: Date;
  endedAt: Date | null;
  parentInstanceKey: string | null;
  parentElementInstanceKey: string | null;
}

/** Work that involves another instance or an asynchronous look-up. */
export type CrossOp =
  | { kind: 'call'; parentKey: string; elementInstanceKey: string; processId: string; variables: Variables }
  | { kind: 'childDone'; parentKey: string; elementInstanceKey: string; variables: Variables }
  | { kind: 'childError'; parentKey: string; elementInstanceKey: string; code: string; message: string }
  | { kind: 'cancel'; instanceKey: string }
  /** Work of a feature module that needs the core and the database (signal broadcasts, escalations to a parent). */
  | { kind: 'async'; run: (core: EngineCore, ctx: StepContext) => Promise<void> };

/** Element-instance keys whose side rows are to be removed. */
export interface Cleanup {
  jobs: Set<string>;
  timers: Set<string>;
  subs: Set<string>;
  userTasks: Set<string>;
  incidents: Set<string>;
}

/** State of one step. */
export class StepContext {
  readonly instances = new Map<string, LoadedInstance>();
  readonly jobs: JobRow[] = [];
  readonly timers: TimerRow[] = [];
  readonly subs: SubscriptionRow[] = [];
  /** Signal subscriptions opened in this step (`signals.ts`); removed with their owner like message subscriptions. */
  readonly signalSubs: SignalSubscriptionRow[] = [];
  readonly userTasks: UserTaskRow[] = [];
  readonly incidents: IncidentRow[] = [];
  readonly history: HistoryRow[] = [];
  readonly cleanup: Cleanup = { jobs: new Set(), timers: new Set(), subs: new Set(), userTasks: new Set(), incidents: new Set() };
  readonly events: UserTaskEvent[] = [];
  readonly pending: CrossOp[] = [];
  /** Subscriptions opened in this step, to be matched against buffered messages. */
  readonly openedSubs: SubscriptionRow[] = [];
  readonly #agenda: (() => void)[] = [];

  constructor(
    readonly tx: Kysely<any>,
    readonly keys: KeyAllocator,
    readonly now: Date,
  ) {}

  /** Schedules work after what is already scheduled (breadth first, no deep recursion). */
  later(work: () => void): void {
    this.#agenda.push(work);
  }

  /** Runs the agenda until it is empty. */
  drain(): void {
    for (let work = this.#agenda.shift(); work; work = this.#agenda.shift()) work();
  }
}
