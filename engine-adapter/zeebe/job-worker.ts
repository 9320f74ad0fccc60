/**
 * A job worker on Zeebe: jobs are pushed through the SDK's `streamJobs` (StreamActivatedJobs), with a
 * polling `ActivateJobs` backfill for jobs the stream missed (the Zeebe 8.x recommended pattern).
 * At most `maxJobsActive` handlers run at once; jobs pushed beyond that wait in a local queue.
 */
import type { Zeebe } from '@camunda8/sdk';
import type { ActivatedJob, JobActions, JobResult, JobWorker, JobWorkerOptions, Variables, WorkerJob } from '../workflow-engine.ts';
import type { RetryBackoff } from './config.ts';
import type { GrpcCommands, SdkJob } from './grpc-commands.ts';
import { JobStream } from './job-stream.ts';
import { toActivatedJob } from './job-mapping.ts';

/** Where the adapter reports what it cannot throw (background failures). */
export interface ZeebeLogger {
  warn(message: string): void;
}

/** What a worker needs from the engine. */
export interface JobWorkerDeps {
  zeebe: Zeebe.ZeebeGrpcClient;
  commands: GrpcCommands;
  /** Completes a user-task listener's job with a result (`POST /v2/jobs/{key}/completion`: the gateway protocol the SDK speaks has no result). */
  completeWithResult: (jobKey: string, variables: Variables | undefined, result: JobResult) => Promise<void>;
  /** Backfill interval when the options give no `pollInterval`. */
  backfillIntervalMs: number;
  /** Backoff between reopenings of a lost stream. */
  streamBackoff: Required<RetryBackoff>;
  logger: ZeebeLogger;
}

/** The streaming worker; inert until {@link StreamingJobWorker.start}. */
export class StreamingJobWorker implements JobWorker {
  readonly #deps: JobWorkerDeps;
  readonly #type: string;
  readonly #worker: string;
  readonly #timeout: number;
  readonly #maxActive: number;
  readonly #backfillMs: number;
  readonly #handler: JobWorkerOptions['handler'];
  readonly #queue: ActivatedJob[] = [];
  readonly #running = new Set<Promise<void>>();
  readonly #stream: JobStream;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #closed = false;

  constructor(deps: JobWorkerDeps, options: JobWorkerOptions) {
    this.#deps = deps;
    this.#type = options.type;
    this.#worker = options.worker ?? `${options.type}-worker`;
    this.#timeout = options.timeout ?? 5 * 60_000;
    this.#maxActive = options.maxJobsActive ?? 32;
    this.#backfillMs = options.pollInterval ?? deps.backfillIntervalMs;
    this.#handler = options.handler;
    const request = { type: this.#type, worker: this.#worker, timeout: this.#timeout };
    this.#stream = new JobStream(deps.zeebe, request, (job) => this.#accept(toActivatedJob(job as SdkJob)), deps.streamBackoff, deps.logger);
  }

  /** Opens the job stream, then polls once for jobs created before it, then every backfill interval. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    void this.#stream.open().then(() => this.#backfill()).finally(() => this.#scheduleBackfill());
  }

  /** Stops the stream and the backfill, then waits for the handlers running; queued jobs time out on the broker. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#queue.length = 0;
    this.#stream.close();
    await Promise.allSettled([...this.#running]);
  }

  get #free(): number {
    return this.#maxActive - this.#running.size - this.#queue.length;
  }

  #scheduleBackfill(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => void this.#backfill().finally(() => this.#scheduleBackfill()), this.#backfillMs);
  }

  async #backfill(): Promise<void> {
    if (this.#closed || this.#free <= 0) return;
    try {
      const jobs = await this.#deps.commands.activateJobs({ type: this.#type, worker: this.#worker, timeout: this.#timeout, maxJobsToActivate: this.#free });
      for (const job of jobs) this.#accept(toActivatedJob(job));
    } catch (error) {
      this.#deps.logger.warn(`Zeebe job backfill '${this.#type}' failed: ${describe(error)}`);
    }
  }

  #accept(job: ActivatedJob): void {
    if (this.#closed) return;
    this.#queue.push(job);
    this.#drain();
  }

  #drain(): void {
    while (!this.#closed && this.#running.size < this.#maxActive && this.#queue.length > 0) {
      const run = this.#run(this.#queue.shift()!);
      this.#running.add(run);
      void run.finally(() => {
        this.#running.delete(run);
        this.#drain();
      });
    }
  }

  async #run(job: ActivatedJob): Promise<void> {
    let acted = false;
    const actions = this.#actions(job, () => { acted = true; });
    try {
      await this.#handler({ ...job, ...actions });
    } catch (error) {
      if (acted) return this.#deps.logger.warn(`Zeebe job ${job.key} ('${job.type}') handler threw after acting: ${describe(error)}`);
      await this.#deps.commands.failJob({ jobKey: job.key, retries: Math.max(0, job.retries - 1), errorMessage: describe(error) })
        .catch((e: unknown) => this.#deps.logger.warn(`Zeebe job ${job.key} could not be failed: ${describe(e)}`));
    }
  }

  #actions(job: ActivatedJob, onAct: () => void): JobActions {
    const c = this.#deps.commands;
    return {
      complete: (variables, result) => { onAct(); return result ? this.#deps.completeWithResult(job.key, variables, result) : c.completeJob(job.key, variables); },
      fail: (o) => { onAct(); return c.failJob({ jobKey: job.key, retries: o.retries ?? Math.max(0, job.retries - 1), errorMessage: o.errorMessage, retryBackOff: o.retryBackOff }); },
      error: (errorCode, errorMessage, variables) => { onAct(); return c.throwError({ jobKey: job.key, errorCode, errorMessage, variables }); },
    } satisfies Omit<WorkerJob, keyof ActivatedJob>;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
