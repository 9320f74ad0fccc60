/**
 * An in-process Zeebe gateway for tests: the `gateway_protocol.Gateway` service of the SDK's own
 * `zeebe.proto`, served by @grpc/grpc-js on 127.0.0.1 with a random port. It records every request
 * (method name, decoded message with int64 as strings, authorization metadata) and answers with realistic responses.
 * Tests script failures per method with {@link FakeGateway.failNext}.
 */
import * as grpc from '@grpc/grpc-js';
import { serveGateway } from './gateway-server.ts';


/** One request received by the fake gateway. */
export interface RecordedCall {
  method: string;
  request: Record<string, any>;
  /** The `authorization` metadata sent with it, if any. */
  authorization?: string;
}

/** A job the fake hands out through ActivateJobs or StreamActivatedJobs. */
export interface FakeJob {
  key: string;
  type: string;
  variables?: Record<string, unknown>;
  customHeaders?: Record<string, string>;
  retries?: number;
}

/** Marker of a call left unanswered. */
const HANG: Partial<grpc.StatusObject> = { details: 'hang' };

type Reply = { error: Partial<grpc.StatusObject> } | { response: unknown };
type Unary = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => void;

/** A scripted gateway answering the methods the adapter uses. */
export class FakeGateway {
  readonly calls: RecordedCall[] = [];
  /** The address to give the adapter, e.g. `grpc://127.0.0.1:40123`. */
  address = '';
  #server: grpc.Server | undefined;
  readonly #failures = new Map<string, Partial<grpc.StatusObject>[]>();
  readonly #pending = new Map<string, FakeJob[]>();
  readonly #streams = new Set<grpc.ServerWritableStream<any, any>>();
  #nextKey = 2251799813685249n;

  /** Starts listening on 127.0.0.1 with a random port. */
  async start(): Promise<this> {
    ({ server: this.#server, address: this.address } = await serveGateway(this.#handlers()));
    return this;
  }

  /** Stops the server, ending open job streams and calls left hanging. */
  async close(): Promise<void> {
    for (const stream of this.#streams) stream.end();
    this.#streams.clear();
    this.#server?.forceShutdown();
  }

  /** The next call of `method` is recorded and never answered (until {@link FakeGateway.close}). */
  hangNext(method: string): void {
    this.failNext(method, HANG);
  }

  /** The next `times` calls of `method` fail with this status. */
  failNext(method: string, status: Partial<grpc.StatusObject>, times = 1): void {
    const list = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(status);
    this.#failures.set(method, list);
  }

  /** Queues a job for the next ActivateJobs of its type (the backfill poll). */
  addJob(job: FakeJob): void {
    const list = this.#pending.get(job.type) ?? [];
    list.push(job);
    this.#pending.set(job.type, list);
  }

  /** Pushes a job to every open job stream of its type; returns how many streams got it. */
  pushJob(job: FakeJob): number {
    let sent = 0;
    for (const stream of this.#streams) {
      if (stream.request.type !== job.type) continue;
      stream.write(this.#activated(job, stream.request));
      sent++;
    }
    return sent;
  }

  /** Ends every open job stream: normally, or with an error status (e.g. UNAVAILABLE on a gateway restart). */
  breakStreams(status?: Partial<grpc.StatusObject>): void {
    for (const stream of this.#streams) {
      if (status) stream.emit('error', { code: grpc.status.UNAVAILABLE, details: '', ...status });
      else stream.end();
    }
    this.#streams.clear();
  }

  /** Number of open StreamActivatedJobs calls. */
  get openStreams(): number {
    return this.#streams.size;
  }

  /** The recorded requests of one method. */
  requests(method: string): Record<string, any>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request);
  }

  /** Resolves when `method` has been called `count` times; rejects after about 10 s of waiting. */
  async waitFor(method: string, count = 1): Promise<void> {
    for (let i = 0; this.requests(method).length < count; i++) {
      if (i >= 2_000) throw new Error(`${method} was called ${this.requests(method).length} times, expected ${count}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  #key(): string {
    return String(this.#nextKey++);
  }

  #activated(job: FakeJob, request: { worker: string; timeout: string }): Record<string, unknown> {
    return {
      key: job.key, type: job.type, processInstanceKey: '2251799813685300', bpmnProcessId: 'dang-ky-khai-sinh',
      processDefinitionVersion: 3, processDefinitionKey: '2251799813685200', elementId: 'kiem-tra-ho-so',
      elementInstanceKey: '2251799813685301', customHeaders: JSON.stringify(job.customHeaders ?? {}),
      worker: request.worker, retries: job.retries ?? 3, deadline: String(1_767_225_600_000 + Number(request.timeout)),
      variables: JSON.stringify(job.variables ?? {}), tenantId: '<default>',
    };
  }

  /** Records the call, then answers with a scripted failure or the computed response. */
  #unary(method: string, answer: (request: any) => Reply): Unary {
    return (call, callback) => {
      const authorization = call.metadata.get('authorization')[0];
      this.calls.push({ method, request: call.request, ...(authorization === undefined ? {} : { authorization: String(authorization) }) });
      const failure = this.#failures.get(method)?.shift();
      if (failure === HANG) return;
      if (failure) return callback({ code: grpc.status.UNKNOWN, details: '', metadata: new grpc.Metadata(), ...failure } as grpc.ServiceError, null);
      const reply = answer(call.request);
      if ('error' in reply) return callback({ metadata: new grpc.Metadata(), ...reply.error } as grpc.ServiceError, null);
      callback(null, reply.response);
    };
  }

  #handlers(): grpc.UntypedServiceImplementation {
    return {
      Topology: this.#unary('Topology', () => ({ response: {
        brokers: [{ nodeId: 0, host: '127.0.0.1', port: 26501, version: '8.8.13', partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }] }],
        clusterSize: 1, partitionsCount: 1, replicationFactor: 1, gatewayVersion: '8.8.13',
      } })),
      DeployResource: this.#unary('DeployResource', (req) => this.#deploy(req)),
      CreateProcessInstance: this.#unary('CreateProcessInstance', (req) => ({ response: {
        // By key (bpmnProcessId empty): the definition of that key, as the broker resolves it.
        processDefinitionKey: req.bpmnProcessId ? '2251799813685200' : req.processDefinitionKey, bpmnProcessId: req.bpmnProcessId || 'dang-ky-khai-sinh',
        version: req.version > 0 ? req.version : 3, processInstanceKey: this.#key(), tenantId: '<default>',
      } })),
      CancelProcessInstance: this.#unary('CancelProcessInstance', () => ({ response: {} })),
      PublishMessage: this.#unary('PublishMessage', () => ({ response: { key: this.#key(), tenantId: '<default>' } })),
      CompleteJob: this.#unary('CompleteJob', () => ({ response: {} })),
      FailJob: this.#unary('FailJob', () => ({ response: {} })),
      ThrowError: this.#unary('ThrowError', () => ({ response: {} })),
      SetVariables: this.#unary('SetVariables', () => ({ response: { key: this.#key() } })),
      UpdateJobRetries: this.#unary('UpdateJobRetries', () => ({ response: {} })),
      ResolveIncident: this.#unary('ResolveIncident', () => ({ response: {} })),
      ActivateJobs: (call: grpc.ServerWritableStream<any, any>) => this.#activate(call),
      StreamActivatedJobs: (call: grpc.ServerWritableStream<any, any>) => this.#stream(call),
    };
  }

  #deploy(req: { resources: { name: string; content: Buffer }[] }): Reply {
    const deployments = req.resources.map((r) => {
      const id = /<bpmn:process[^>]*\sid="([^"]+)"/.exec(r.content.toString('utf8'))?.[1];
      return { process: { bpmnProcessId: id ?? 'unknown', version: 1, processDefinitionKey: this.#key(), resourceName: r.name, tenantId: '<default>' } };
    });
    return { response: { key: this.#key(), deployments, tenantId: '<default>' } };
  }

  #activate(call: grpc.ServerWritableStream<any, any>): void {
    this.calls.push({ method: 'ActivateJobs', request: call.request });
    const failure = this.#failures.get('ActivateJobs')?.shift();
    if (failure) {
      call.emit('error', { code: grpc.status.UNKNOWN, details: '', ...failure });
      return;
    }
    const queue = this.#pending.get(call.request.type) ?? [];
    const jobs = queue.splice(0, call.request.maxJobsToActivate);
    if (jobs.length > 0) call.write({ jobs: jobs.map((j) => this.#activated(j, call.request)) });
    call.end();
  }

  #stream(call: grpc.ServerWritableStream<any, any>): void {
    this.calls.push({ method: 'StreamActivatedJobs', request: call.request });
    this.#streams.add(call);
    call.on('cancelled', () => this.#streams.delete(call));
    call.on('close', () => this.#streams.delete(call));
  }
}
