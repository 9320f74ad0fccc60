/**
 * One `StreamActivatedJobs` call, kept open: when the gateway ends it or it fails (gateway restart,
 * network), it is reopened after a growing backoff. It goes through the SDK's own gRPC client (the one
 * its `streamJobs` uses) because `streamJobs` neither reports a broken stream nor reopens it, and
 * prints every stream error, even our own cancellation, to the console.
 */
import type { Zeebe } from '@camunda8/sdk';
import type { RetryBackoff } from './config.ts';
import type { SdkJob } from './grpc-commands.ts';
import { backoffDelay } from './retry.ts';
import { sdkInternalGrpc } from './sdk-clients.ts';

/** Zeebe's tenant when multi-tenancy is off. */
export const DEFAULT_TENANT = '<default>';

/** Where background failures are reported. */
export interface StreamLogger {
  warn(message: string): void;
}

/** What a stream asks the gateway for. */
export interface JobStreamRequest {
  type: string;
  worker: string;
  /** Activation timeout, ms. */
  timeout: number;
}

type RawStream = { on(event: string, listener: (arg?: any) => void): unknown; cancel(): void };
type SdkGrpcClient = { streamActivatedJobsStream?: (req: Record<string, unknown>) => Promise<RawStream | { error: unknown } | undefined> };


function describe(error: unknown): string {
  return error instanceof Error ? error.message : error === undefined ? 'ended by the gateway' : String(error);
}

/** A self-reopening job stream. */
export class JobStream {
  readonly #zeebe: Zeebe.ZeebeGrpcClient;
  readonly #request: JobStreamRequest;
  readonly #onJob: (job: SdkJob) => void;
  readonly #backoff: Required<RetryBackoff>;
  readonly #logger: StreamLogger;
  #stream: RawStream | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;

  constructor(zeebe: Zeebe.ZeebeGrpcClient, request: JobStreamRequest, onJob: (job: SdkJob) => void, backoff: Required<RetryBackoff>, logger: StreamLogger) {
    this.#zeebe = zeebe;
    this.#request = request;
    this.#onJob = onJob;
    this.#backoff = backoff;
    this.#logger = logger;
  }

  /** Opens the stream; resolves once the call is made (or has failed and a reopening is scheduled). */
  async open(): Promise<void> {
    if (this.#closed) return;
    try {
      const grpc = await sdkInternalGrpc<SdkGrpcClient>(this.#zeebe, 'streamActivatedJobsStream');
      if (!grpc) return this.#logger.warn(`Zeebe job stream '${this.#request.type}' unavailable in this SDK version; the worker polls only`);
      const res = await grpc.streamActivatedJobsStream!({ ...this.#request, tenantIds: [DEFAULT_TENANT], fetchVariable: [] });
      if (!res || 'error' in res) throw (res as { error?: unknown } | undefined)?.error ?? new Error('no stream returned');
      if (this.#closed) return res.cancel();
      this.#attach(res);
    } catch (error) {
      this.#lost(undefined, error);
    }
  }

  #attach(stream: RawStream): void {
    this.#stream = stream;
    stream.on('data', (job: SdkJob) => {
      this.#failures = 0;
      this.#onJob(job);
    });
    stream.on('error', (error: unknown) => this.#lost(stream, error));
    stream.on('end', () => this.#lost(stream, undefined));
  }

  /** The stream ended or failed: reopen it after a backoff (once per stream; nothing after close). */
  #lost(stream: RawStream | undefined, error: unknown): void {
    if (stream && stream !== this.#stream) return;
    this.#stream = undefined;
    if (this.#closed) return;
    this.#failures++;
    const delay = backoffDelay(this.#backoff, this.#failures);
    this.#logger.warn(`Zeebe job stream '${this.#request.type}' lost (${describe(error)}); reopening in ${delay} ms`);
    this.#timer = setTimeout(() => void this.open(), delay);
  }

  /** Cancels the stream and any reopening. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.cancel();
  }
}
