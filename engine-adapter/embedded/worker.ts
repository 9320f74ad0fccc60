/** In-process job worker: polls with SKIP LOCKED activation, runs handlers concurrently up to `maxJobsActive`. */
import type { ActivatedJob, JobResult, JobWorker, JobWorkerOptions, Variables, WorkerJob } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { activateJobs, failJob, throwJobError } from './jobs.ts';
import { DEFAULT_JOB_TIMEOUT_MS, renewJobLease } from './job-lease.ts';

/** A job worker of the embedded engine. */
export class EmbeddedJobWorker implements JobWorker {
  readonly #core: EngineCore;
  readonly #opts: Required<JobWorkerOptions>;
  /** No `timeout` given: the short default lease, renewed while a handler runs (`job-lease.ts`). */
  readonly #renews: boolean;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #pending = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #onClose: () => void;

  readonly #completions: (jobKey: string, variables?: Variables, result?: JobResult) => Promise<void>;

  constructor(core: EngineCore, complete: (jobKey: string, variables?: Variables, result?: JobResult) => Promise<void>, options: JobWorkerOptions, onClose: () => void) {
    this.#core = core;
    this.#completions = complete;
    this.#opts = { maxJobsActive: 32, timeout: DEFAULT_JOB_TIMEOUT_MS, worker: `${options.type}-worker`, pollInterval: 100, ...options };
    this.#renews = options.timeout === undefined;
    this.#onClose = onClose;
  }

  /** Activates what is free and runs the handlers; with `wait`, until they finish. Returns the jobs activated. */
  async pollOnce(wait = true): Promise<number> {
    const free = this.#opts.maxJobsActive - this.#inFlight.size;
    if (free <= 0) return 0;
    const jobs = await activateJobs(this.#core, { type: this.#opts.type, maxJobsToActivate: free, timeout: this.#opts.timeout, worker: this.#opts.worker });
    const runs = jobs.map((job) => this.#run(job));
    if (wait) await Promise.all(runs);
    return jobs.length;
  }

  #run(job: ActivatedJob): Promise<void> {
    const core = this.#core;
    const actions: WorkerJob = {
      ...job,
      complete: (variables, result) => this.#completions(job.key, variables, result),
      fail: (o) => failJob(core, { jobKey: job.key, retries: o.retries ?? job.retries - 1, errorMessage: o.errorMessage, retryBackOff: o.retryBackOff }),
      error: (code, message, variables) => throwJobError(core, { jobKey: job.key, errorCode: code, errorMessage: message, variables }),
    };
    const { timeout, worker } = this.#opts;
    // A third of the lease, in real time: a handler that runs long keeps its job; a dead process stops renewing.
    const renewal = this.#renews ? setInterval(() => void renewJobLease(core, job.key, worker, timeout).catch(() => undefined), timeout / 3) : undefined;
    renewal?.unref();
    const run = (async () => {
      try {
        await this.#opts.handler(actions);
      } catch (err) {
        await failJob(core, { jobKey: job.key, retries: Math.max(0, job.retries - 1), errorMessage: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
      }
    })().finally(() => {
      clearInterval(renewal);
      this.#inFlight.delete(run);
      this.#wake?.();
    });
    this.#inFlight.add(run);
    return run;
  }

  /** The job type served. */
  get type(): string {
    return this.#opts.type;
  }

  /** New jobs of this type were created in this process: poll now instead of at the next interval. */
  notify(): void {
    this.#pending = true;
    this.#wake?.();
  }

  /** Starts the polling loop. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#poll();
  }

  async #poll(): Promise<void> {
    while (this.#running) {
      this.#pending = false;
      let got = 0;
      try {
        got = await this.pollOnce(false);
      } catch {
        got = 0;
      }
      if (got > 0 && this.#inFlight.size < this.#opts.maxJobsActive) continue;
      if (this.#pending && this.#inFlight.size < this.#opts.maxJobsActive) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, got > 0 ? 1000 : this.#opts.pollInterval);
        this.#wake = () => { clearTimeout(timer); resolve(); };
      });
      this.#wake = undefined;
    }
  }

  /** Stops polling and waits for running handlers. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async close(): Promise<void> {
    await this.stop();
    this.#onClose();
  }
}
