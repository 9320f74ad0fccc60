/**
 * In-process job worker: polls with SKIP LOCKED activation, runs handlers concurrently up to `maxJobsActive`.
 * It polls again at once only when the last poll filled every free slot (more may be waiting), when this
 * process created jobs of its type meanwhile (`notify`), or when a slot frees up after it was full;
 * otherwise at the next interval (jobs created by another process, or whose retry back-off has passed).
 * An empty poll after each job, and another after each completion, were more than half of the
 * activations at 50 receptions a second (bench/README.md, "Reception → first task").
 * While idle it sets no timer of its own: the engine's one probe (`probeDue`, `probed`)
 * for all its idle workers tells it when a job of its type is due (six job types polling every 100 ms
 * each were 60 queries a second on an idle server).
 */
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
  /** When it last asked for jobs (or was probed for them), in ms. */
  #lastPoll = 0;
  /** Waiting for jobs with a free slot. */
  #idle = false;

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
    return (await this.#activate(wait)).got;
  }

  /** One activation; `full` when it took as many jobs as it asked for (more may be waiting). */
  async #activate(wait: boolean): Promise<{ got: number; full: boolean }> {
    const free = this.#opts.maxJobsActive - this.#inFlight.size;
    if (free <= 0) return { got: 0, full: true };
    const jobs = await activateJobs(this.#core, { type: this.#opts.type, maxJobsToActivate: free, timeout: this.#opts.timeout, worker: this.#opts.worker });
    const runs = jobs.map((job) => this.#run(job));
    if (wait) await Promise.all(runs);
    return { got: jobs.length, full: jobs.length >= free };
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
      const wasFull = this.#inFlight.size >= this.#opts.maxJobsActive;
      this.#inFlight.delete(run);
      if (wasFull) this.#wake?.(); // a slot is free again: jobs may be waiting for it
    });
    this.#inFlight.add(run);
    return run;
  }

  /** The job type served. */
  get type(): string {
    return this.#opts.type;
  }

  /** How often it looks for jobs while idle, in ms. */
  get pollInterval(): number {
    return this.#opts.pollInterval;
  }

  /**
   * For the engine's shared probe: idle, with its poll interval passed since it last looked, or within
   * half of it. Probed a little early, a worker joins the probe of the workers due just before it: workers
   * that started looking at different moments share one probe per interval instead of keeping their own
   * phases (two probes an interval where the starts were spread, as on a loaded machine).
   */
  probeDue(now: number): boolean {
    return this.#idle && now >= this.nextPollAt - this.#opts.pollInterval / 2;
  }

  /** When its poll interval will have passed since it last looked (ms). */
  get nextPollAt(): number {
    return this.#lastPoll + this.#opts.pollInterval;
  }

  /** Waiting for jobs with a free slot (what the shared probe serves). */
  get idle(): boolean {
    return this.#idle;
  }

  /** The shared probe found no job of its type due at `now`: as if it had polled then. */
  probed(now: number): void {
    this.#lastPoll = now;
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
      let polled = { got: 0, full: false };
      this.#lastPoll = Date.now();
      try {
        polled = await this.#activate(false);
      } catch {
        polled = { got: 0, full: false };
      }
      const room = this.#inFlight.size < this.#opts.maxJobsActive;
      if (room && (polled.full || this.#pending)) continue;
      // Idle: the engine's shared probe (or a notify) wakes the loop. Every slot busy: a finishing handler
      // does (the timer is a safety net).
      this.#idle = room;
      await new Promise<void>((resolve) => {
        const timer = room ? undefined : setTimeout(resolve, 1000);
        this.#wake = () => { clearTimeout(timer); resolve(); };
      });
      this.#idle = false;
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
