/**
 * Bounded retries with exponential backoff and a per-attempt deadline, shared by the gRPC and REST
 * calls. The SDK's own retry (forever by default) is switched off; this is the only retry loop.
 */
import type { RetryBackoff } from './config.ts';
import { EngineTimeoutError, EngineUnavailableError } from './errors.ts';

/** How a call is retried and timed out. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  backoff: Required<RetryBackoff>;
  /** Deadline of one attempt, in ms. */
  timeoutMs: number;
}

/** What {@link withRetry} needs to know about the failures of one kind of call. */
export interface RetryClassifier {
  /** True for failures worth retrying (connection refused, backpressure). */
  isTransient(error: unknown): boolean;
  /** One-line description of a failure, for the final error. */
  describe(error: unknown): string;
  /** What was called, e.g. `Zeebe gateway grpc://localhost:26500`. */
  target: string;
}

/** Delay before retry number `retry` (1-based). */
export function backoffDelay(backoff: Required<RetryBackoff>, retry: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** (retry - 1));
}

const TIMED_OUT = Symbol('timed out');

/** Runs `attempt` with a deadline; rejects with {@link EngineTimeoutError} when it passes. */
export async function withDeadline<T>(operation: string, timeoutMs: number, attempt: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs); });
  try {
    const outcome = await Promise.race([attempt(), deadline]);
    if (outcome === TIMED_OUT) throw new EngineTimeoutError(operation, timeoutMs);
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error (rethrown as is), or has failed
 * transiently `maxRetries + 1` times (then {@link EngineUnavailableError} naming the target and the last failure).
 * A timed-out attempt is not retried: the command may have been applied.
 */
export async function withRetry<T>(operation: string, policy: RetryPolicy, classifier: RetryClassifier, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await withDeadline(operation, policy.timeoutMs, attempt);
    } catch (error) {
      if (!classifier.isTransient(error)) throw error;
      if (n > policy.maxRetries) {
        const tries = n === 1 ? '1 attempt' : `${n} attempts`;
        throw new EngineUnavailableError(`${operation}: ${classifier.target} unavailable after ${tries}: ${classifier.describe(error)}`, n, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(policy.backoff, n)));
    }
  }
}
