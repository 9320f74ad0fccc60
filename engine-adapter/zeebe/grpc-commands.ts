/**
 * The gRPC commands of the adapter: each one SDK call, with the bounded retry, the deadline and the
 * mapping of gateway errors to engine errors.
 */
import type { Zeebe } from '@camunda8/sdk';
import { InvalidArgumentError, InvalidStateError, InvalidVariablesError } from '../errors.ts';
import type {
  ActivateJobsRequest, DeployedProcess, DeployResource, FailJobRequest, ProcessInstanceRef, PublishMessageRequest,
  PublishMessageResult, ThrowErrorRequest, Variables,
} from '../workflow-engine.ts';
import { DeploymentRejectedError, EngineRequestError } from './errors.ts';
import { GrpcStatus, grpcClassifier, grpcDetails, isGrpcError, mapGrpcError, type GrpcSubject } from './grpc-errors.ts';
import type { Deployment } from '../decisions.ts';
import { toDeployment } from './deployment-mapping.ts';
import { withRetry, type RetryPolicy } from './retry.ts';
import { sdkInternalGrpc } from './sdk-clients.ts';

/** A job as the SDK hands it out (variables and headers parsed; int64 fields as strings). */
export interface SdkJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: unknown;
  worker: string;
  retries: number;
  deadline: string | number;
  variables: unknown;
}

/**
 * Checks that variables are a plain object. Returned as `any`: the SDK types variables as its own
 * `JSONDoc`, which `Record<string, unknown>` does not satisfy.
 */
function checkVariables(variables: Variables | undefined, context = {}): any {
  if (variables === undefined) return {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) throw new InvalidVariablesError(`got ${Array.isArray(variables) ? 'an array' : typeof variables}`, context);
  return variables;
}

/** `CreateProcessInstanceResponse` (int64 fields as strings). */
interface CreatedInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
}

/** The SDK's own gRPC client of the gateway service: one `<rpc>Sync` method per RPC, taking the proto message. */
interface SdkGatewayClient {
  createProcessInstanceSync(request: Record<string, unknown>): Promise<CreatedInstance | undefined>;
}

const toRef = (res: CreatedInstance): ProcessInstanceRef => ({
  processInstanceKey: String(res.processInstanceKey), processDefinitionKey: String(res.processDefinitionKey), bpmnProcessId: res.bpmnProcessId, version: Number(res.version),
});

/** The gateway commands, bounded and typed. */
export class GrpcCommands {
  readonly #zb: Zeebe.ZeebeGrpcClient;
  readonly #policy: RetryPolicy;
  readonly #target: string;
  /** Messages published by this process: `name\u0000messageId` → key, to answer duplicates with the first key. */
  readonly #published = new Map<string, string>();

  constructor(zb: Zeebe.ZeebeGrpcClient, policy: RetryPolicy, grpcAddress: string) {
    this.#zb = zb;
    this.#policy = policy;
    this.#target = `Zeebe gateway ${grpcAddress}`;
  }

  /** Runs one SDK call with retries and maps its failure. */
  async #call<T>(operation: string, subject: GrpcSubject | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(operation, this.#policy, grpcClassifier(this.#target), run);
    } catch (error) {
      throw mapGrpcError(operation, error, subject);
    }
  }

  /** `Topology`, one attempt within `timeoutMs`. */
  async topology(timeoutMs: number): Promise<Awaited<ReturnType<Zeebe.ZeebeGrpcClient['topology']>>> {
    const policy = { ...this.#policy, maxRetries: 0, timeoutMs };
    return withRetry('Topology', policy, grpcClassifier(this.#target), () => this.#zb.topology());
  }

  /** `DeployResource`; a rejection becomes {@link DeploymentRejectedError} with the cluster's reason. */
  async deploy(resources: DeployResource[]): Promise<DeployedProcess[]> {
    return (await this.deployAll(resources)).processes;
  }

  /** `DeployResource` answering processes, decisions and DRGs (`deployment-mapping.ts`). */
  async deployAll(resources: DeployResource[]): Promise<Deployment> {
    if (resources.length === 0) throw new InvalidArgumentError('Nothing to deploy: no resources given');
    const sdkResources = resources.map((r) => ({ name: r.name, process: Buffer.from(r.content, 'utf8') }));
    try {
      const res = await withRetry('DeployResource', this.#policy, grpcClassifier(this.#target), () => this.#zb.deployResources(sdkResources));
      return toDeployment(res as never);
    } catch (error) {
      if (isGrpcError(error) && error.code === GrpcStatus.INVALID_ARGUMENT) throw new DeploymentRejectedError(grpcDetails(error), resources.map((r) => r.name));
      throw mapGrpcError('DeployResource', error);
    }
  }

  /** `CreateProcessInstance` of the latest or a given version. */
  async createProcessInstance(request: { bpmnProcessId: string; version?: number; variables?: Variables }): Promise<ProcessInstanceRef> {
    const variables = checkVariables(request.variables, { bpmnProcessId: request.bpmnProcessId });
    const what = request.version === undefined ? 'Process' : `Process version ${request.version} of`;
    const subject = { what, key: request.bpmnProcessId, context: { bpmnProcessId: request.bpmnProcessId } };
    const res = await this.#call('CreateProcessInstance', subject, () => this.#zb.createProcessInstance({
      bpmnProcessId: request.bpmnProcessId, variables, ...(request.version === undefined ? {} : { version: request.version }),
    }));
    return toRef(res);
  }

  /**
   * `CreateProcessInstance` of exactly one definition, by its key. The SDK's `createProcessInstance`
   * drops `processDefinitionKey` (it copies only id, version and variables into the request), so this
   * one goes through the SDK's own gRPC client (an internal of `ZeebeGrpcClient` in @camunda8/sdk 8.8,
   * as the job stream does), which adds the same auth metadata.
   */
  async createProcessInstanceByKey(request: { processDefinitionKey: string; variables?: Variables }): Promise<ProcessInstanceRef> {
    const { processDefinitionKey } = request;
    const variables = checkVariables(request.variables, { key: processDefinitionKey });
    const subject = { what: 'Process definition', key: processDefinitionKey };
    const res = await this.#call('CreateProcessInstance', subject, async () => (await this.#gatewayClient()).createProcessInstanceSync({
      processDefinitionKey, variables: JSON.stringify(variables),
    }));
    if (!res) throw new InvalidStateError('The Zeebe engine was stopped; create a new one');
    return toRef(res);
  }

  /** The SDK's gRPC client (see {@link GrpcCommands.createProcessInstanceByKey}); a clear error if a later SDK changed it. */
  async #gatewayClient(): Promise<SdkGatewayClient> {
    const client = await sdkInternalGrpc<SdkGatewayClient>(this.#zb, 'createProcessInstanceSync');
    if (!client) throw new EngineRequestError('CreateProcessInstance', 'UNSUPPORTED', 'this @camunda8/sdk version has no internal gRPC client to send a processDefinitionKey through');
    return client;
  }

  /** `CancelProcessInstance`. */
  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await this.#call('CancelProcessInstance', { what: 'Process instance', key: processInstanceKey, context: { processInstanceKey } }, () => this.#zb.cancelProcessInstance(processInstanceKey));
  }

  /** `PublishMessage`; ALREADY_EXISTS (same name and id within its time to live) is a duplicate, not an error. */
  async publishMessage(request: PublishMessageRequest): Promise<PublishMessageResult> {
    if (request.timeToLive !== undefined && (!Number.isFinite(request.timeToLive) || request.timeToLive < 0)) throw new InvalidArgumentError(`Message time to live must be ≥ 0 ms, got ${request.timeToLive}`);
    const variables = checkVariables(request.variables);
    const idKey = request.messageId ? `${request.name}\u0000${request.messageId}` : undefined;
    try {
      const res = await withRetry('PublishMessage', this.#policy, grpcClassifier(this.#target), () => this.#zb.publishMessage({
        name: request.name, correlationKey: request.correlationKey, variables, timeToLive: request.timeToLive ?? 0,
        ...(request.messageId ? { messageId: request.messageId } : {}),
      }));
      if (idKey) this.#published.set(idKey, String(res.key));
      return { messageKey: String(res.key), duplicate: false };
    } catch (error) {
      if (isGrpcError(error) && error.code === GrpcStatus.ALREADY_EXISTS) return { messageKey: (idKey && this.#published.get(idKey)) ?? '', duplicate: true };
      throw mapGrpcError('PublishMessage', error);
    }
  }

  /** `SetVariables` on an element instance scope. */
  async setVariables(request: { elementInstanceKey: string; variables: Variables; local?: boolean }): Promise<void> {
    const variables = checkVariables(request.variables, { key: request.elementInstanceKey });
    await this.#call('SetVariables', { what: 'Element instance', key: request.elementInstanceKey }, () => this.#zb.setVariables({
      elementInstanceKey: request.elementInstanceKey, variables, local: request.local ?? false,
    }));
  }

  /** `ActivateJobs` without long polling: answers at once with what is activatable. */
  async activateJobs(request: ActivateJobsRequest): Promise<SdkJob[]> {
    const jobs = await this.#call('ActivateJobs', undefined, () => this.#zb.activateJobs({
      type: request.type, worker: request.worker, maxJobsToActivate: request.maxJobsToActivate, timeout: request.timeout, requestTimeout: -1,
    }));
    return jobs as unknown as SdkJob[];
  }

  /** `CompleteJob`. */
  async completeJob(jobKey: string, variables?: Variables): Promise<void> {
    const vars = checkVariables(variables, { key: jobKey });
    await this.#call('CompleteJob', { what: 'Job', key: jobKey }, () => this.#zb.completeJob({ jobKey, variables: vars }));
  }

  /** `FailJob` with retries left and a backoff. */
  async failJob(request: FailJobRequest): Promise<void> {
    const variables = checkVariables(request.variables, { key: request.jobKey });
    await this.#call('FailJob', { what: 'Job', key: request.jobKey }, () => this.#zb.failJob({
      jobKey: request.jobKey, retries: request.retries, errorMessage: request.errorMessage ?? '', retryBackOff: request.retryBackOff ?? 0, variables,
    }));
  }

  /** `ThrowError` (a BPMN error from a job). */
  async throwError(request: ThrowErrorRequest): Promise<void> {
    const variables = checkVariables(request.variables, { key: request.jobKey });
    await this.#call('ThrowError', { what: 'Job', key: request.jobKey }, () => this.#zb.throwError({
      jobKey: request.jobKey, errorCode: request.errorCode, errorMessage: request.errorMessage ?? '', variables,
    }));
  }

  /** `UpdateJobRetries`. */
  async updateJobRetries(jobKey: string, retries: number): Promise<void> {
    if (!Number.isInteger(retries) || retries < 1) throw new InvalidArgumentError(`Job retries must be an integer ≥ 1, got ${retries}`, { key: jobKey });
    await this.#call('UpdateJobRetries', { what: 'Job', key: jobKey }, () => this.#zb.updateJobRetries({ jobKey, retries }));
  }
}
