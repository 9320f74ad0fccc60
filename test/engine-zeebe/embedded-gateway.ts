/**
 * The embedded engine behind the Zeebe gateway protocol: the `gateway_protocol.Gateway` service of the
 * SDK's own `zeebe.proto`, served by @grpc/grpc-js on 127.0.0.1, each call carried out by a real
 * `EmbeddedEngine`. With it the Zeebe adapter's gRPC half runs the engine conformance scenarios
 * against real engine semantics (its REST half goes to the app's `/v2` face).
 *
 * Faithful to what a Zeebe gateway answers: int64 keys as decimal strings, variables and headers as
 * JSON strings, a rejected deployment as INVALID_ARGUMENT with the reason, unknown keys as NOT_FOUND,
 * a command in the wrong state as FAILED_PRECONDITION, a duplicate message id as ALREADY_EXISTS,
 * missing or refused credentials as UNAUTHENTICATED. Job streams get jobs pushed as they become
 * activatable (checked every few ms while a stream is open).
 */
import * as grpc from '@grpc/grpc-js';
import { EngineError } from '../../engine-adapter/errors.ts';
import type { EmbeddedEngine } from '../../engine-adapter/embedded/index.ts';
import type { ActivatedJob } from '../../engine-adapter/workflow-engine.ts';
import { serveGateway } from './gateway-server.ts';

/** Options of {@link EmbeddedGateway}. */
export interface EmbeddedGatewayOptions {
  /** Checks the `authorization` metadata of every call; a false answer is UNAUTHENTICATED. */
  authorize?: (authorization: string | undefined) => boolean | Promise<boolean>;
  /** How often open job streams are offered new jobs, ms (default 10). */
  streamIntervalMs?: number;
  /**
   * Whether a job still exists. A user-task listener's job is answered over REST (`/v2/jobs/{key}/completion`
   * with its result: the gateway protocol has none), which this gateway does not see: with this check a
   * streamed listener job leaves {@link EmbeddedGateway.inFlight} once it is gone.
   */
  jobExists?: (jobKey: string) => Promise<boolean>;
}

const TENANT = '<default>';

/** gRPC status of an engine error, as the Zeebe gateway reports the same rejection. */
function statusOf(error: unknown): grpc.status {
  const code = error instanceof EngineError ? error.code : undefined;
  if (code === 'NOT_FOUND') return grpc.status.NOT_FOUND;
  if (code === 'INVALID_STATE') return grpc.status.FAILED_PRECONDITION;
  if (code && code !== 'INTERNAL') return grpc.status.INVALID_ARGUMENT;
  return grpc.status.INTERNAL;
}

function parseJson(text: string | undefined): unknown {
  return text ? JSON.parse(text) : {};
}

/** A job as the gateway sends it. */
function wireJob(job: ActivatedJob): Record<string, unknown> {
  return {
    key: job.key, type: job.type, processInstanceKey: job.processInstanceKey, bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion, processDefinitionKey: job.processDefinitionKey, elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey, customHeaders: JSON.stringify(job.customHeaders), worker: job.worker, retries: job.retries,
    deadline: String(job.deadline.getTime()), variables: JSON.stringify(job.variables), tenantId: TENANT,
  };
}

type Stream = grpc.ServerWritableStream<{ type: string; worker: string; timeout: string }, unknown>;

/** A Zeebe gateway in front of an embedded engine. */
export class EmbeddedGateway {
  /** The address to give the adapter, e.g. `grpc://127.0.0.1:40123`. */
  address = '';
  /** Calls handled plus jobs pushed: a caller waiting for quiet compares it over time. */
  activity = 0;
  readonly #engine: EmbeddedEngine;
  readonly #options: EmbeddedGatewayOptions;
  #server: grpc.Server | undefined;
  readonly #streams = new Set<Stream>();
  /** Jobs pushed to a stream and not yet completed, failed or thrown, with their stream (a closed stream drops its own). */
  readonly #streamed = new Map<string, Stream>();
  /** Streamed user-task listener jobs: completed over REST, so watched for (see `jobExists`). */
  readonly #answeredElsewhere = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #pumping = false;

  constructor(engine: EmbeddedEngine, options: EmbeddedGatewayOptions = {}) {
    this.#engine = engine;
    this.#options = options;
  }

  /** Starts listening on 127.0.0.1 with a random port. */
  async start(): Promise<this> {
    ({ server: this.#server, address: this.address } = await serveGateway(this.#handlers()));
    this.#timer = setInterval(() => void this.pump(), this.#options.streamIntervalMs ?? 10);
    return this;
  }

  /** Ends the open job streams and stops the server. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const stream of this.#streams) stream.end();
    this.#streams.clear();
    this.#server?.forceShutdown();
  }

  /** Jobs pushed to a stream that the worker has not answered yet. */
  get inFlight(): number {
    return this.#streamed.size;
  }

  /** True while jobs are being offered to the open streams. */
  get busy(): boolean {
    return this.#pumping;
  }

  /** Offers each open job stream the jobs of its type activatable now. */
  async pump(): Promise<void> {
    if (this.#pumping || this.#streams.size === 0) return;
    this.#pumping = true;
    try {
      for (const key of [...this.#answeredElsewhere]) {
        if (this.#streamed.has(key) && (await this.#options.jobExists!(key))) continue;
        this.#answeredElsewhere.delete(key);
        if (this.#streamed.delete(key)) this.activity++;
      }
      for (const stream of [...this.#streams]) {
        const { type, worker, timeout } = stream.request;
        const jobs = await this.#engine.activateJobs({ type, worker, timeout: Number(timeout), maxJobsToActivate: 32 });
        for (const job of jobs) {
          this.#streamed.set(job.key, stream);
          if (this.#options.jobExists && job.customHeaders['io.camunda.zeebe:userTaskKey']) this.#answeredElsewhere.add(job.key);
          stream.write(wireJob(job));
          this.activity++;
        }
      }
    } catch {
      // An engine stopped under a stream: the next test closes it.
    } finally {
      this.#pumping = false;
    }
  }

  async #authorized(call: grpc.ServerUnaryCall<unknown, unknown> | Stream): Promise<boolean> {
    if (!this.#options.authorize) return true;
    const header = call.metadata.get('authorization')[0];
    return this.#options.authorize(typeof header === 'string' ? header : undefined);
  }

  /** A unary method: checks credentials, runs the engine, maps its errors to gateway statuses. */
  #unary(run: (request: any) => Promise<unknown>): grpc.handleUnaryCall<any, any> {
    return (call, callback) => {
      this.activity++;
      void (async () => {
        if (!(await this.#authorized(call))) return callback({ code: grpc.status.UNAUTHENTICATED, details: 'Expected a valid token' });
        try {
          callback(null, await run(call.request));
        } catch (error) {
          const details = error instanceof Error ? error.message : String(error);
          callback({ code: (error as { grpcCode?: grpc.status }).grpcCode ?? statusOf(error), details });
        }
      })();
    };
  }

  #handlers(): grpc.UntypedServiceImplementation {
    const e = this.#engine;
    return {
      Topology: this.#unary(async () => ({
        brokers: [{ nodeId: 0, host: '127.0.0.1', port: 26501, version: '8.8.0', partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }] }],
        clusterSize: 1, partitionsCount: 1, replicationFactor: 1, gatewayVersion: '8.8.0',
      })),
      DeployResource: this.#unary(async (req: { resources: { name: string; content: Buffer }[] }) => {
        const deployed = await e.deploy(req.resources.map((r) => ({ name: r.name, content: r.content.toString('utf8') })));
        // As Zeebe: one entry per process, decision and decision requirements graph.
        const deployments = [
          ...deployed.processes.map((d) => ({ process: { ...d, tenantId: TENANT } })),
          ...deployed.decisionRequirements.map((r) => ({ decisionRequirements: {
            dmnDecisionRequirementsId: r.decisionRequirementsId, dmnDecisionRequirementsName: r.name, version: r.version,
            decisionRequirementsKey: r.decisionRequirementsKey, resourceName: r.resourceName, tenantId: TENANT,
          } })),
          ...deployed.decisions.map((d) => ({ decision: {
            dmnDecisionId: d.decisionId, dmnDecisionName: d.name, version: d.version, decisionKey: d.decisionKey,
            dmnDecisionRequirementsId: d.decisionRequirementsId, decisionRequirementsKey: d.decisionRequirementsKey, tenantId: TENANT,
          } })),
        ];
        return { key: deployed.deploymentKey, deployments, tenantId: TENANT };
      }),
      CreateProcessInstance: this.#unary(async (req: { processDefinitionKey: string; bpmnProcessId: string; version: number; variables: string }) => {
        const variables = parseJson(req.variables) as Record<string, unknown>;
        const ref = req.processDefinitionKey && req.processDefinitionKey !== '0'
          ? await e.createProcessInstanceByKey({ processDefinitionKey: req.processDefinitionKey, variables })
          : await e.createProcessInstance({ bpmnProcessId: req.bpmnProcessId, variables, ...(req.version > 0 ? { version: req.version } : {}) });
        return { ...ref, tenantId: TENANT };
      }),
      CancelProcessInstance: this.#unary(async (req: { processInstanceKey: string }) => {
        await e.cancelProcessInstance(req.processInstanceKey);
        return {};
      }),
      PublishMessage: this.#unary(async (req: { name: string; correlationKey: string; timeToLive: string; messageId: string; variables: string }) => {
        const res = await e.publishMessage({
          name: req.name, correlationKey: req.correlationKey, timeToLive: Number(req.timeToLive),
          variables: parseJson(req.variables) as Record<string, unknown>, ...(req.messageId ? { messageId: req.messageId } : {}),
        });
        if (res.duplicate) {
          throw Object.assign(new Error(`Expected to publish a new message with id '${req.messageId}', but a message with that id was already published`), { grpcCode: grpc.status.ALREADY_EXISTS });
        }
        return { key: res.messageKey, tenantId: TENANT };
      }),
      SetVariables: this.#unary(async (req: { elementInstanceKey: string; variables: string; local: boolean }) => {
        await e.setVariables({ elementInstanceKey: req.elementInstanceKey, variables: parseJson(req.variables) as Record<string, unknown>, local: req.local });
        return { key: req.elementInstanceKey };
      }),
      CompleteJob: this.#unary(async (req: { jobKey: string; variables: string }) => {
        this.#streamed.delete(req.jobKey);
        await e.completeJob(req.jobKey, parseJson(req.variables) as Record<string, unknown>);
        return {};
      }),
      FailJob: this.#unary(async (req: { jobKey: string; retries: number; errorMessage: string; retryBackOff: string; variables: string }) => {
        this.#streamed.delete(req.jobKey);
        await e.failJob({ jobKey: req.jobKey, retries: req.retries, errorMessage: req.errorMessage, retryBackOff: Number(req.retryBackOff), variables: parseJson(req.variables) as Record<string, unknown> });
        return {};
      }),
      ThrowError: this.#unary(async (req: { jobKey: string; errorCode: string; errorMessage: string; variables: string }) => {
        this.#streamed.delete(req.jobKey);
        await e.throwError({ jobKey: req.jobKey, errorCode: req.errorCode, errorMessage: req.errorMessage, variables: parseJson(req.variables) as Record<string, unknown> });
        return {};
      }),
      UpdateJobRetries: this.#unary(async (req: { jobKey: string; retries: number }) => {
        await e.updateJobRetries(req.jobKey, req.retries);
        return {};
      }),
      ResolveIncident: this.#unary(async (req: { incidentKey: string }) => {
        await e.resolveIncident(req.incidentKey);
        return {};
      }),
      ActivateJobs: (call: grpc.ServerWritableStream<{ type: string; worker: string; timeout: string; maxJobsToActivate: number }, unknown>) => void this.#activate(call),
      StreamActivatedJobs: (call: Stream) => void this.#stream(call),
    };
  }

  /** `ActivateJobs` without long polling: one response with what is activatable now. */
  async #activate(call: grpc.ServerWritableStream<{ type: string; worker: string; timeout: string; maxJobsToActivate: number }, unknown>): Promise<void> {
    this.activity++;
    if (!(await this.#authorized(call as unknown as Stream))) return void call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: 'Expected a valid token' });
    try {
      const { type, worker, timeout, maxJobsToActivate } = call.request;
      const jobs = await this.#engine.activateJobs({ type, worker, timeout: Number(timeout), maxJobsToActivate });
      if (jobs.length > 0) call.write({ jobs: jobs.map(wireJob) });
      call.end();
    } catch (error) {
      call.emit('error', { code: statusOf(error), details: error instanceof Error ? error.message : String(error) });
    }
  }

  async #stream(call: Stream): Promise<void> {
    this.activity++;
    if (!(await this.#authorized(call))) return void call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: 'Expected a valid token' });
    this.#streams.add(call);
    const closed = () => {
      this.#streams.delete(call);
      for (const [key, stream] of this.#streamed) if (stream === call) this.#streamed.delete(key);
    };
    call.on('cancelled', closed);
    call.on('close', closed);
  }
}
