/**
 * The {@link WorkflowEngine} on a Camunda 8.8 cluster: commands and job workers over the Zeebe gRPC
 * gateway (@camunda8/sdk), user tasks, incidents and read models over the Orchestration Cluster REST API v2.
 */
import type * as R from '../engine-reads.ts';
import { InvalidStateError } from '../errors.ts';
import type {
  ActivateJobsRequest, ActivatedJob, BroadcastSignalResult, CorrelateMessageRequest, CorrelateMessageResult, DeployedProcess, DeployResource, ElementHistoryEntry,
  ElementStatistics, FailJobRequest, Incident, IncidentFilter, JobWorker, JobWorkerOptions, ProcessInstanceQuery, ProcessInstanceRef,
  ProcessInstanceView, PublishMessageRequest, PublishMessageResult, ThrowErrorRequest, UserTask, UserTaskEvent, UserTaskFilter, UserTaskUpdate,
  JobResult, Variables, WorkflowEngine,
} from '../workflow-engine.ts';
import { resolveZeebeConfig, validateZeebeConfig, type ResolvedZeebeConfig, type ZeebeEngineConfig } from './config.ts';
import { EngineUnavailableError, ZeebeConfigError } from './errors.ts';
import { GrpcCommands } from './grpc-commands.ts';
import { grpcClassifier } from './grpc-errors.ts';
import { toActivatedJob } from './job-mapping.ts';
import { StreamingJobWorker, type ZeebeLogger } from './job-worker.ts';
import { RestClient } from './rest-client.ts';
import { RestOperations } from './rest-operations.ts';
import { RestReads } from './rest-reads.ts';
import { RestDecisions } from './rest-decisions.ts';
import type * as D from '../decisions.ts';
import { closeSdkClients, createSdkClients, type SdkClients } from './sdk-clients.ts';
import { assertSdkInternals, sdkEnvironmentLeaks } from './sdk-internals.ts';
import { UserTaskPoller } from './user-task-poller.ts';

/** Answer of {@link ZeebeEngine.checkReady}. */
export type ZeebeReadiness =
  | { ready: true; gatewayVersion: string; brokers: number; partitions: number }
  | { ready: false; reason: string };

/** Optional collaborators of the engine. */
export interface ZeebeEngineDeps {
  /** Receives background failures (job stream, backfill, user-task polling); silent by default. */
  logger?: ZeebeLogger;
}

const silent: ZeebeLogger = { warn: () => undefined };

/** The Zeebe-backed engine. Single use: after {@link ZeebeEngine.stop} its connections are closed. */
export class ZeebeEngine implements WorkflowEngine {
  readonly #config: ResolvedZeebeConfig;
  readonly #sdk: SdkClients;
  readonly #grpc: GrpcCommands;
  readonly #rest: RestOperations;
  readonly #reads: RestReads;
  readonly #decisions: RestDecisions;
  readonly #logger: ZeebeLogger;
  readonly #workers = new Set<StreamingJobWorker>();
  readonly #userTasks: UserTaskPoller;
  #started = false;
  #stopped = false;

  constructor(config: ZeebeEngineConfig, deps: ZeebeEngineDeps = {}) {
    const errors = validateZeebeConfig(config);
    if (errors.length > 0) throw new ZeebeConfigError(errors);
    this.#config = resolveZeebeConfig(config);
    this.#logger = deps.logger ?? silent;
    const leaks = sdkEnvironmentLeaks();
    if (leaks.length) this.#logger.warn(`@camunda8/sdk also reads ${leaks.join(', ')} from the environment, set here: unset them, motcua's adapter is configured by its own ZEEBE_* variables (docs/ZEEBE.md)`);
    this.#sdk = createSdkClients(this.#config);
    const policy = { maxRetries: this.#config.maxRetries, backoff: this.#config.retryBackoff, timeoutMs: this.#config.requestTimeoutMs };
    this.#grpc = new GrpcCommands(this.#sdk.zeebe, policy, this.#config.grpcAddress);
    const restClient = new RestClient(this.#config.restAddress, policy, this.#sdk.auth);
    this.#rest = new RestOperations(restClient);
    this.#reads = new RestReads(restClient, this.#rest);
    this.#decisions = new RestDecisions(restClient, this.#rest);
    this.#userTasks = new UserTaskPoller(this.#rest, this.#config.userTaskPollIntervalMs, this.#logger);
  }

  /** Whether the gateway answers `Topology` within `readyTimeoutMs` (one attempt, never hangs). */
  async checkReady(): Promise<ZeebeReadiness> {
    if (this.#stopped) return { ready: false, reason: 'the Zeebe engine is stopped' };
    try {
      const t = await this.#grpc.topology(this.#config.readyTimeoutMs);
      return { ready: true, gatewayVersion: t.gatewayVersion, brokers: t.brokers.length, partitions: Number(t.partitionsCount) };
    } catch (error) {
      const detail = error instanceof EngineUnavailableError ? grpcClassifier('').describe(error.cause) : (error as Error).message;
      return { ready: false, reason: `Zeebe gateway ${this.#config.grpcAddress} not ready: ${detail}` };
    }
  }

  /**
   * Checks the gateway, then opens the job streams and the user-task polling. An unreachable cluster
   * rejects with one clear line ({@link EngineUnavailableError}) within `readyTimeoutMs`; start may be called again.
   */
  async start(): Promise<void> {
    if (this.#stopped) throw new InvalidStateError('The Zeebe engine was stopped; create a new one');
    if (this.#started) return;
    await assertSdkInternals(this.#sdk.zeebe);
    const readiness = await this.checkReady();
    if (!readiness.ready) throw new EngineUnavailableError(readiness.reason, 1);
    this.#started = true;
    for (const worker of this.#workers) worker.start();
    this.#userTasks.start();
  }

  /** Closes the workers (waiting for running handlers), stops polling and closes the connections. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#userTasks.stop();
    await Promise.allSettled([...this.#workers].map((w) => w.close()));
    this.#workers.clear();
    await closeSdkClients(this.#sdk);
  }

  deployResources(resources: DeployResource[]): Promise<DeployedProcess[]> {
    return this.#grpc.deploy(resources);
  }

  createProcessInstance(request: { bpmnProcessId: string; version?: number; variables?: Variables }): Promise<ProcessInstanceRef> {
    return this.#grpc.createProcessInstance(request);
  }

  /** Over gRPC `CreateProcessInstance` with `processDefinitionKey`. */
  createProcessInstanceByKey(request: { processDefinitionKey: string; variables?: Variables }): Promise<ProcessInstanceRef> {
    return this.#grpc.createProcessInstanceByKey(request);
  }

  cancelProcessInstance(processInstanceKey: string): Promise<void> {
    return this.#grpc.cancelProcessInstance(processInstanceKey);
  }

  publishMessage(request: PublishMessageRequest): Promise<PublishMessageResult> {
    return this.#grpc.publishMessage(request);
  }

  /** Over REST `POST /v2/messages/correlation` (gRPC has no correlate-now command). */
  correlateMessage(request: CorrelateMessageRequest): Promise<CorrelateMessageResult> {
    return this.#rest.correlateMessage(request);
  }

  /** Over REST `POST /v2/signals/broadcast`. */
  broadcastSignal(signalName: string, variables?: Variables, tenantId?: string): Promise<BroadcastSignalResult> {
    return this.#rest.broadcastSignal(signalName, variables, tenantId);
  }

  setVariables(request: { elementInstanceKey: string; variables: Variables; local?: boolean }): Promise<void> {
    return this.#grpc.setVariables(request);
  }

  /** A streaming worker with polling backfill; it opens its stream at {@link ZeebeEngine.start}. */
  createWorker(options: JobWorkerOptions): JobWorker {
    if (this.#stopped) throw new InvalidStateError('The Zeebe engine was stopped; create a new one');
    const worker = new StreamingJobWorker({
      zeebe: this.#sdk.zeebe, commands: this.#grpc, completeWithResult: (k, v, r) => this.#rest.completeJobWithResult(k, v, r), backfillIntervalMs: this.#config.workerBackfillIntervalMs, streamBackoff: this.#config.retryBackoff, logger: this.#logger,
    }, options);
    this.#workers.add(worker);
    if (this.#started) worker.start();
    return { close: async () => { this.#workers.delete(worker); await worker.close(); } };
  }

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    return (await this.#grpc.activateJobs(request)).map(toActivatedJob);
  }

  /** Over gRPC; with a result (a user-task listener's corrections) over REST, which carries it. */
  completeJob(jobKey: string, variables?: Variables, result?: JobResult): Promise<void> {
    if (result) return this.#rest.completeJobWithResult(jobKey, variables, result);
    return this.#grpc.completeJob(jobKey, variables);
  }

  failJob(request: FailJobRequest): Promise<void> {
    return this.#grpc.failJob(request);
  }

  throwError(request: ThrowErrorRequest): Promise<void> {
    return this.#grpc.throwError(request);
  }

  updateJobRetries(jobKey: string, retries: number): Promise<void> {
    return this.#grpc.updateJobRetries(jobKey, retries);
  }

  /** By polling the user-task search every `userTaskPollIntervalMs` (the cluster pushes no events); see `user-task-poller.ts`. */
  onUserTaskEvent(listener: (event: UserTaskEvent) => void): () => void {
    return this.#userTasks.subscribe(listener);
  }

  /** Runs one user-task poll now (events are otherwise produced every userTaskPollIntervalMs). */
  pollUserTaskEvents(): Promise<void> {
    return this.#userTasks.poll();
  }

  listUserTasks(filter?: UserTaskFilter): Promise<UserTask[]> {
    return this.#rest.listUserTasks(filter);
  }

  getUserTask(userTaskKey: string): Promise<UserTask> {
    return this.#rest.getUserTask(userTaskKey);
  }

  assignUserTask(userTaskKey: string, assignee: string): Promise<void> {
    return this.#rest.assignUserTask(userTaskKey, assignee);
  }

  unassignUserTask(userTaskKey: string): Promise<void> {
    return this.#rest.unassignUserTask(userTaskKey);
  }

  updateUserTask(userTaskKey: string, changes: UserTaskUpdate): Promise<void> {
    return this.#rest.updateUserTask(userTaskKey, changes);
  }

  completeUserTask(userTaskKey: string, variables?: Variables): Promise<void> {
    return this.#rest.completeUserTask(userTaskKey, variables);
  }

  listIncidents(filter?: IncidentFilter): Promise<Incident[]> {
    return this.#rest.listIncidents(filter);
  }

  resolveIncident(incidentKey: string): Promise<void> {
    return this.#rest.resolveIncident(incidentKey);
  }

  getProcessInstance(processInstanceKey: string): Promise<ProcessInstanceView | undefined> {
    return this.#rest.getProcessInstance(processInstanceKey);
  }

  /** At most 10,000 instances, newest first by start date (eventually consistent, as every REST read). */
  searchProcessInstances(filter: ProcessInstanceQuery): Promise<ProcessInstanceView[]> {
    return this.#rest.searchProcessInstances(filter);
  }

  getProcessInstanceHistory(processInstanceKey: string): Promise<ElementHistoryEntry[]> {
    return this.#rest.getProcessInstanceHistory(processInstanceKey);
  }

  getElementStatistics(processDefinitionKey: string): Promise<ElementStatistics[]> {
    return this.#rest.getElementStatistics(processDefinitionKey);
  }

  getProcessDefinitionXml(processDefinitionKey: string): Promise<string> {
    return this.#rest.getProcessDefinitionXml(processDefinitionKey);
  }

  // Decisions (DMN): deployment over gRPC, the rest over REST (rest-decisions.ts).
  deploy(resources: DeployResource[]): Promise<D.Deployment> {
    return this.#grpc.deployAll(resources);
  }

  evaluateDecision(request: { decisionId?: string; decisionKey?: string; variables?: Variables }): Promise<D.DecisionEvaluation> {
    return this.#decisions.evaluateDecision(request);
  }

  searchDecisionDefinitions(filter?: D.DecisionDefinitionQuery): Promise<D.DecisionDefinitionView[]> {
    return this.#decisions.searchDecisionDefinitions(filter);
  }

  searchDecisionRequirements(filter?: { decisionRequirementsKey?: string; decisionRequirementsId?: string }): Promise<D.DecisionRequirementsView[]> {
    return this.#decisions.searchDecisionRequirements(filter);
  }

  getDecisionXml(key: { decisionKey?: string; decisionRequirementsKey?: string }): Promise<string> {
    return this.#decisions.getDecisionXml(key);
  }

  searchDecisionInstances(filter?: D.DecisionInstanceQuery): Promise<D.DecisionInstanceView[]> {
    return this.#decisions.searchDecisionInstances(filter);
  }

  // The `/v2` read models (engine-reads.ts), over REST.
  searchProcessDefinitions(filter?: R.ProcessDefinitionQuery): Promise<R.ProcessDefinitionView[]> { return this.#reads.searchProcessDefinitions(filter); }
  getElementInstance(elementInstanceKey: string): Promise<R.ElementInstanceView | undefined> { return this.#reads.getElementInstance(elementInstanceKey); }
  listVariables(filter: R.VariableQuery): Promise<R.VariableView[]> { return this.#reads.listVariables(filter); }
  getVariable(variableKey: string): Promise<R.VariableView | undefined> { return this.#reads.getVariable(variableKey); }
  listUserTaskVariables(userTaskKey: string): Promise<R.VariableView[]> { return this.#reads.listUserTaskVariables(userTaskKey); }
  searchJobs(filter?: R.JobQuery): Promise<R.JobView[]> { return this.#reads.searchJobs(filter); }
  searchMessageSubscriptions(filter?: { processInstanceKey?: string }): Promise<R.MessageSubscriptionView[]> { return this.#reads.searchMessageSubscriptions(filter); }
  getTakenSequenceFlows(processInstanceKey: string): Promise<string[]> { return this.#reads.getTakenSequenceFlows(processInstanceKey); }
}

/** Creates the Zeebe engine from a configuration (validated; throws {@link ZeebeConfigError} listing every bad field). */
export function createZeebeEngine(config: ZeebeEngineConfig, deps: ZeebeEngineDeps = {}): ZeebeEngine {
  return new ZeebeEngine(config, deps);
}
