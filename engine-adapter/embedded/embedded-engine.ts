/**
 * The embedded engine: a {@link WorkflowEngine} executing Zeebe-dialect BPMN with its state in
 * PostgreSQL (or PGlite) through Kysely. Every step is one transaction.
 */
import { sql, type Kysely } from 'kysely';
import { systemClock, type Clock } from '../clock.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import type * as W from '../workflow-engine.ts';
import type * as R from '../engine-reads.ts';
import { completeJobs, createInstances, type Completion, type Creation } from './batch-commands.ts';
import { StepBatcher } from './batcher.ts';
import { compactEngineHistory, pruneEngineHistory, type EnginePruneResult } from './retention.ts';
import { EngineCore } from './core.ts';
import { DefinitionStore } from './definitions.ts';
import { deploy, deployResources } from './deploy.ts';
import * as decisions from './dmn/queries.ts';
import type * as D from '../decisions.ts';
import { listIncidents, resolveIncident } from './incidents.ts';
import { activateJobs, completeJob, failJob, throwJobError, typesWithDueJobs, updateJobRetries } from './jobs.ts';
import { publishMessage } from './messages.ts';
import { broadcastSignal } from './signals.ts';
import { correlateMessage, createProcessInstanceByKey, getProcessDefinitionXml, searchProcessInstances } from './queries.ts';
import { getElementStatistics, getHistory, getProcessInstance } from './read-models.ts';
import * as reads from './read-models-runtime.ts';
import * as variableReads from './read-models-variables.ts';
import { fireDueTimers } from './timers.ts';
import { assignUserTask, completeUserTask, getUserTask, listUserTasks, readUserTaskEvents, unassignUserTask, updateUserTask, type StoredUserTaskEvent } from './user-tasks.ts';
import { refreshJobVariables } from './store.ts';
import { startVariablesUpdate } from './task-transitions.ts';
import { awaitCancellation } from './transition-outcome.ts';
import { assertVariables, setLocal, setPropagating } from './variables.ts';
import { EmbeddedJobWorker } from './worker.ts';

/** Options of {@link EmbeddedEngine}. */
export interface EmbeddedEngineOptions {
  /** The database, migrated with `migrateEngine`. */
  db: Kysely<any>;
  /** Time source (default: the system clock). */
  clock?: Clock;
  /** How often due timers are looked for after `start()`, in ms (default 200). */
  timerInterval?: number;
  /** How long a user-task command or a cancellation waits for its task listeners, in ms (default 15,000; then `ENGINE_TIMEOUT`). */
  commandTimeout?: number;
  /**
   * Write the durable user-task event feed read by {@link EmbeddedEngine.userTaskEvents} (default true).
   * Its order costs a lock held by every step that creates, changes or ends a user task until its commit,
   * so such steps commit one at a time; an application that does not read the feed turns it off.
   */
  durableUserTaskFeed?: boolean;
}

/** The embedded BPMN engine. */
export class EmbeddedEngine implements W.WorkflowEngine {
  readonly #core: EngineCore;
  readonly #completions: StepBatcher<Completion, void>;
  readonly #creations: StepBatcher<Creation, string>;
  readonly #workers = new Set<EmbeddedJobWorker>();
  readonly #timerInterval: number;
  #started = false;
  #timerLoop: Promise<void> | undefined;
  #stopTimers: (() => void) | undefined;
  #probeLoop: Promise<void> | undefined;
  #stopProbe: (() => void) | undefined;

  constructor(options: EmbeddedEngineOptions) {
    this.#core = new EngineCore(options.db, options.clock ?? systemClock, new DefinitionStore());
    this.#timerInterval = options.timerInterval ?? 200;
    if (options.commandTimeout !== undefined) this.#core.commandTimeout = options.commandTimeout;
    if (options.durableUserTaskFeed === false) this.#core.durableFeed = false;
    this.#completions = new StepBatcher(this.#core, completeJobs(this.#core));
    this.#creations = new StepBatcher(this.#core, createInstances(this.#core));
    this.#core.onJobsCreated = (types) => {
      for (const w of this.#workers) if (types.has(w.type)) w.notify();
    };
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    for (const w of this.#workers) w.start();
    this.#timerLoop = this.#runTimers();
    this.#probeLoop = this.#runProbe();
  }

  /**
   * The idle workers' shared poll: one query for every worker idle past its poll interval, and those
   * whose type has a job due are told to poll (jobs created by another process, or whose retry back-off
   * has passed; this process's new jobs wake their worker at once), each at its own poll interval.
   */
  async #runProbe(): Promise<void> {
    while (this.#started) {
      const now = Date.now();
      const due = [...this.#workers].filter((w) => w.probeDue(now));
      if (due.length) {
        try {
          const types = await typesWithDueJobs(this.#core, [...new Set(due.map((w) => w.type))]);
          for (const w of due) {
            if (types.has(w.type)) w.notify();
            else w.probed(now);
          }
        } catch {
          // Probed again next round.
        }
      }
      // Until the next idle worker's interval has passed (the smallest interval while none is idle).
      const idle = [...this.#workers].filter((w) => w.idle);
      const next = idle.length ? Math.min(...idle.map((w) => w.nextPollAt)) - Date.now() : Math.min(...[...this.#workers].map((w) => w.pollInterval));
      const interval = Math.max(5, Math.min(1000, next));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, interval);
        this.#stopProbe = () => { clearTimeout(t); resolve(); };
      });
    }
  }

  async #runTimers(): Promise<void> {
    while (this.#started) {
      try {
        await fireDueTimers(this.#core);
      } catch {
        // Retried on the next round; a failing timer step leaves its row in place.
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.#timerInterval);
        this.#stopTimers = () => { clearTimeout(t); resolve(); };
      });
    }
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#stopTimers?.();
    this.#stopProbe?.();
    await this.#timerLoop;
    await this.#probeLoop;
    await Promise.all([...this.#workers].map((w) => w.stop()));
  }

  /**
   * Deterministic driving for tests: fires due timers and lets every worker poll (awaiting its
   * handlers) until nothing moves. Returns the number of timers and jobs processed.
   */
  async runUntilIdle(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      let moved = await fireDueTimers(this.#core);
      for (const w of this.#workers) moved += await w.pollOnce(true);
      total += moved;
      if (moved === 0) return total;
    }
    throw new Error(`runUntilIdle: still busy after ${maxRounds} rounds`);
  }

  /** Fires the timers due now; returns how many fired. */
  fireDueTimers(): Promise<number> {
    return fireDueTimers(this.#core);
  }

  deployResources(resources: W.DeployResource[]): Promise<W.DeployedProcess[]> {
    return deployResources(this.#core, resources);
  }

  async createProcessInstance(request: { bpmnProcessId: string; version?: number; variables?: W.Variables }): Promise<W.ProcessInstanceRef> {
    const variables = assertVariables(request.variables);
    const def = await this.#core.defs.find(this.#core.db, request.bpmnProcessId, request.version);
    if (!def) throw new NotFoundError('Process', `${request.bpmnProcessId}${request.version ? ` v${request.version}` : ''}`, { bpmnProcessId: request.bpmnProcessId });
    const key = await this.#creations.submit({ def, variables });
    return { processInstanceKey: key, processDefinitionKey: def.key, bpmnProcessId: def.bpmnProcessId, version: def.version };
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    const waits = await this.#core.step(async (ctx) => {
      const inst = await this.#core.instance(ctx, processInstanceKey);
      if (inst.state !== 'ACTIVE') throw new NotFoundError('Active process instance', processInstanceKey, { processInstanceKey });
      if (inst.parentInstanceKey) throw new InvalidStateError(`Instance '${processInstanceKey}' was created by a call activity: cancel its root instance`, { processInstanceKey });
      this.#core.exec(ctx, inst).cancel();
      return inst.state === 'ACTIVE'; // its `canceling` task listeners run first (canceling-listeners.ts)
    });
    if (waits) await awaitCancellation(this.#core, processInstanceKey);
  }

  publishMessage(request: W.PublishMessageRequest): Promise<W.PublishMessageResult> {
    return publishMessage(this.#core, request);
  }

  /** At most 1,000 instances, newest first (by key). */
  searchProcessInstances(filter: W.ProcessInstanceQuery): Promise<W.ProcessInstanceView[]> {
    return searchProcessInstances(this.#core, filter);
  }

  pruneHistory(before: Date, batch: number): Promise<EnginePruneResult> {
    return pruneEngineHistory(this.#core.db, this.#core.clock.now(), before, batch);
  }

  compactHistory(): Promise<void> {
    return compactEngineHistory(this.#core.db);
  }

  getProcessDefinitionXml(processDefinitionKey: string): Promise<string> {
    return getProcessDefinitionXml(this.#core, processDefinitionKey);
  }

  // Decisions (DMN): dmn/*.ts
  deploy(resources: W.DeployResource[]): Promise<D.Deployment> {
    return deploy(this.#core, resources);
  }

  evaluateDecision(request: { decisionId?: string; decisionKey?: string; variables?: W.Variables }): Promise<D.DecisionEvaluation> {
    return decisions.evaluateDecisionRequest(this.#core, request);
  }

  searchDecisionDefinitions(filter?: D.DecisionDefinitionQuery): Promise<D.DecisionDefinitionView[]> {
    return decisions.searchDecisionDefinitions(this.#core, filter);
  }

  searchDecisionRequirements(filter?: { decisionRequirementsKey?: string; decisionRequirementsId?: string }): Promise<D.DecisionRequirementsView[]> {
    return decisions.searchDecisionRequirements(this.#core, filter);
  }

  getDecisionXml(key: { decisionKey?: string; decisionRequirementsKey?: string }): Promise<string> {
    return decisions.getDecisionXml(this.#core, key);
  }

  searchDecisionInstances(filter?: D.DecisionInstanceQuery): Promise<D.DecisionInstanceView[]> {
    return decisions.searchDecisionInstances(this.#core, filter);
  }

  createProcessInstanceByKey(request: { processDefinitionKey: string; variables?: W.Variables }): Promise<W.ProcessInstanceRef> {
    return createProcessInstanceByKey(this.#core, request);
  }

  correlateMessage(request: W.CorrelateMessageRequest): Promise<W.CorrelateMessageResult> {
    return correlateMessage(this.#core, request);
  }

  broadcastSignal(signalName: string, variables?: W.Variables, tenantId?: string): Promise<W.BroadcastSignalResult> {
    return broadcastSignal(this.#core, signalName, variables, tenantId);
  }

  async setVariables(request: { elementInstanceKey: string; variables: W.Variables; local?: boolean }): Promise<void> {
    const variables = assertVariables(request.variables);
    const instanceKey = await this.#instanceOf(request.elementInstanceKey);
    await this.#core.step(async (ctx) => {
      const inst = await this.#core.instance(ctx, instanceKey);
      if (!inst.doc.elements[request.elementInstanceKey]) throw new NotFoundError('Element instance', request.elementInstanceKey, { processInstanceKey: instanceKey });
      // On a user task with `updating` listeners the variables wait for them (task-transitions.ts).
      if (await startVariablesUpdate(this.#core, ctx, inst, request.elementInstanceKey, variables, request.local === true)) return;
      if (request.local) setLocal(inst.doc, request.elementInstanceKey, variables);
      else setPropagating(inst.doc, request.elementInstanceKey, variables);
      await refreshJobVariables(ctx, inst);
    });
  }

  async #instanceOf(elementInstanceKey: string): Promise<string> {
    const db = this.#core.db;
    const direct = await db.selectFrom('engine_process_instance').select('key').where('key', '=', elementInstanceKey).executeTakeFirst();
    if (direct) return String(direct.key);
    for (const table of ['engine_job', 'engine_user_task']) {
      const row = await db.selectFrom(table).select('process_instance_key').where('element_instance_key', '=', elementInstanceKey).executeTakeFirst();
      if (row) return String(row.process_instance_key);
    }
    const scan = await db.selectFrom('engine_process_instance').select('key').where('state', '=', 'ACTIVE')
      .where(sql<boolean>`doc->'elements' ? ${elementInstanceKey}`).executeTakeFirst();
    if (scan) return String(scan.key);
    throw new NotFoundError('Element instance', elementInstanceKey);
  }

  createWorker(options: W.JobWorkerOptions): W.JobWorker {
    const worker = new EmbeddedJobWorker(this.#core, this.#complete, options, () => this.#workers.delete(worker));
    this.#workers.add(worker);
    if (this.#started) worker.start();
    return worker;
  }

  activateJobs(request: W.ActivateJobsRequest): Promise<W.ActivatedJob[]> { return activateJobs(this.#core, request); }
  completeJob(jobKey: string, variables?: W.Variables, result?: W.JobResult): Promise<void> {
    return this.#complete(jobKey, variables, result);
  }

  /** A completion with a result (a task listener's corrections) runs alone; the others are batched. */
  readonly #complete = async (jobKey: string, variables?: W.Variables, result?: W.JobResult): Promise<void> => {
    if (result) return completeJob(this.#core, jobKey, variables, result);
    return this.#completions.submit({ jobKey, variables: assertVariables(variables) });
  };
  failJob(request: W.FailJobRequest): Promise<void> { return failJob(this.#core, request); }
  throwError(request: W.ThrowErrorRequest): Promise<void> { return throwJobError(this.#core, request); }
  updateJobRetries(jobKey: string, retries: number): Promise<void> { return updateJobRetries(this.#core, jobKey, retries); }

  onUserTaskEvent(listener: (event: W.UserTaskEvent) => void): () => void {
    this.#core.listeners.add(listener);
    return () => this.#core.listeners.delete(listener);
  }

  /**
   * The durable user-task event feed (embedded engine only): events are written in the transaction of
   * the step that caused them, so a consumer that stores the last `seq` it handled misses none across
   * crashes, which the in-process {@link onUserTaskEvent} push cannot promise.
   */
  userTaskEvents(afterSeq = 0, limit = 100): Promise<StoredUserTaskEvent[]> {
    if (!this.#core.durableFeed) return Promise.reject(new Error('the durable user-task feed is off (durableUserTaskFeed: false)'));
    return readUserTaskEvents(this.#core, afterSeq, limit);
  }

  listUserTasks(filter?: W.UserTaskFilter): Promise<W.UserTask[]> { return listUserTasks(this.#core, filter); }
  getUserTask(userTaskKey: string): Promise<W.UserTask> { return getUserTask(this.#core, userTaskKey); }
  assignUserTask(userTaskKey: string, assignee: string): Promise<void> { return assignUserTask(this.#core, userTaskKey, assignee); }
  unassignUserTask(userTaskKey: string): Promise<void> { return unassignUserTask(this.#core, userTaskKey); }
  updateUserTask(userTaskKey: string, changes: W.UserTaskUpdate): Promise<void> { return updateUserTask(this.#core, userTaskKey, changes); }
  completeUserTask(userTaskKey: string, variables?: W.Variables): Promise<void> { return completeUserTask(this.#core, userTaskKey, variables); }
  listIncidents(filter?: W.IncidentFilter): Promise<W.Incident[]> { return listIncidents(this.#core, filter); }
  resolveIncident(incidentKey: string): Promise<void> { return resolveIncident(this.#core, incidentKey); }
  getProcessInstance(processInstanceKey: string): Promise<W.ProcessInstanceView | undefined> { return getProcessInstance(this.#core, processInstanceKey); }
  getProcessInstanceHistory(processInstanceKey: string): Promise<W.ElementHistoryEntry[]> { return getHistory(this.#core, processInstanceKey); }
  getElementStatistics(processDefinitionKey: string): Promise<W.ElementStatistics[]> { return getElementStatistics(this.#core, processDefinitionKey); }
  // The `/v2` read models (engine-reads.ts).
  searchProcessDefinitions(filter?: R.ProcessDefinitionQuery): Promise<R.ProcessDefinitionView[]> { return reads.searchProcessDefinitions(this.#core, filter); }
  getElementInstance(elementInstanceKey: string): Promise<R.ElementInstanceView | undefined> { return reads.getElementInstance(this.#core, elementInstanceKey); }
  listVariables(filter: R.VariableQuery): Promise<R.VariableView[]> { return variableReads.listVariables(this.#core, filter); }
  getVariable(variableKey: string): Promise<R.VariableView | undefined> { return variableReads.getVariable(this.#core, variableKey); }
  listUserTaskVariables(userTaskKey: string): Promise<R.VariableView[]> { return variableReads.listUserTaskVariables(this.#core, userTaskKey); }
  searchJobs(filter?: R.JobQuery): Promise<R.JobView[]> { return reads.searchJobs(this.#core, filter); }
  searchMessageSubscriptions(filter?: { processInstanceKey?: string }): Promise<R.MessageSubscriptionView[]> { return reads.searchMessageSubscriptions(this.#core, filter); }
  getTakenSequenceFlows(processInstanceKey: string): Promise<string[]> { return reads.getTakenSequenceFlows(this.#core, processInstanceKey); }
}
