/** The bounded retry loop on its own: attempts counted, backoff capped, non-transient errors passed through. */
import t from 'tap';
import { EngineTimeoutError, EngineUnavailableError } from '../../engine-adapter/zeebe/index.ts';
import { backoffDelay, withRetry, type RetryClassifier } from '../../engine-adapter/zeebe/retry.ts';

const classifier: RetryClassifier = { target: 'test target', isTransient: (e) => (e as Error).message === 'transient', describe: (e) => (e as Error).message };
const policy = { maxRetries: 3, backoff: { initialMs: 1, maxMs: 4, factor: 2 }, timeoutMs: 1_000 };

t.test('backoff doubles from the initial delay and stops at the maximum', async (t) => {
  t.same([1, 2, 3, 4, 5].map((n) => backoffDelay({ initialMs: 200, maxMs: 5_000, factor: 2 }, n)), [200, 400, 800, 1600, 3200]);
  t.same([1, 2, 3, 4].map((n) => backoffDelay(policy.backoff, n)), [1, 2, 4, 4]);
});

t.test('transient failures are retried up to maxRetries, then reported with the count and the last failure', async (t) => {
  let calls = 0;
  const error = await withRetry('Op', policy, classifier, async () => { calls++; throw new Error('transient'); }).catch((e: unknown) => e);
  t.equal(calls, 4);
  t.type(error, EngineUnavailableError);
  t.equal((error as Error).message, 'Op: test target unavailable after 4 attempts: transient');
  let n = 0;
  t.equal(await withRetry('Op', policy, classifier, async () => (++n < 3 ? Promise.reject(new Error('transient')) : 'ok')), 'ok');
  t.equal(n, 3);
});

t.test('a non-transient failure is thrown at once, unchanged; a slow attempt times out', async (t) => {
  let calls = 0;
  const boom = new Error('boom');
  t.equal(await withRetry('Op', policy, classifier, async () => { calls++; throw boom; }).catch((e: unknown) => e), boom);
  t.equal(calls, 1);
  const slow = await withRetry('Op', { ...policy, timeoutMs: 10 }, classifier, () => new Promise(() => undefined)).catch((e: unknown) => e);
  t.type(slow, EngineTimeoutError);
  t.equal((slow as Error).message, 'Op: no answer from the cluster within 10 ms');
});
