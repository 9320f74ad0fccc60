/** Job workers: StreamActivatedJobs with an ActivateJobs backfill, handler actions, failures, concurrency. */
import t from 'tap';
import type { WorkerJob } from '../../engine-adapter/workflow-engine.ts';
import { openHarness, until } from './helpers.ts';

t.test('a worker opens its stream only at start, then polls once for jobs created before', async (t) => {
  const { engine, gateway } = await openHarness(t);
  const worker = engine.createWorker({ type: 'kiem-tra', worker: 'can-bo-1', timeout: 120_000, maxJobsActive: 4, handler: async (job) => job.complete() });
  t.teardown(() => worker.close());
  t.equal(gateway.calls.length, 0, 'nothing before start');
  await engine.start();
  await until(() => gateway.openStreams === 1);
  await gateway.waitFor('ActivateJobs');
  // The worker issues the stream before the poll (job-worker.ts: `open().then(backfill)`); the order in which the
  // gateway dispatches two calls of one connection is not the client's to fix (a loaded machine swaps them), and a
  // job created between them is picked up by the next backfill. So: one of each, the stream still open.
  t.same(gateway.calls.map((c) => c.method).filter((m) => m !== 'Topology').sort(), ['ActivateJobs', 'StreamActivatedJobs'], 'one stream and one backfill poll');
  t.equal(gateway.openStreams, 1, 'the stream stays open after the poll');
  t.match(gateway.requests('StreamActivatedJobs')[0], { type: 'kiem-tra', worker: 'can-bo-1', timeout: '120000', tenantIds: ['<default>'] });
  t.match(gateway.requests('ActivateJobs')[0], { type: 'kiem-tra', worker: 'can-bo-1', timeout: '120000', maxJobsToActivate: 4, requestTimeout: '-1' });
});

t.test('a pushed job reaches the handler mapped, and complete sends its variables', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.start();
  const seen: WorkerJob[] = [];
  engine.createWorker({ type: 'tinh-phi', handler: async (job) => { seen.push(job); await job.complete({ phi: 50_000 }); } });
  await until(() => gateway.openStreams === 1);
  t.equal(gateway.pushJob({ key: '2251799813685700', type: 'tinh-phi', variables: { loai: 'khai-sinh' }, customHeaders: { bieuPhi: 'BP-01' }, retries: 2 }), 1);
  await gateway.waitFor('CompleteJob');
  t.equal(seen.length, 1);
  t.match(seen[0], { key: '2251799813685700', type: 'tinh-phi', worker: 'tinh-phi-worker', retries: 2, customHeaders: { bieuPhi: 'BP-01' }, variables: { loai: 'khai-sinh' } });
  t.ok(seen[0]!.deadline instanceof Date);
  const [complete] = gateway.requests('CompleteJob');
  t.equal(complete!.jobKey, '2251799813685700');
  t.same(JSON.parse(complete!.variables), { phi: 50_000 });
});

t.test('handler actions: fail with retries and backoff, throw a BPMN error', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.start();
  engine.createWorker({
    type: 'gui-tin-nhan',
    handler: async (job) => {
      if (job.key === '1') await job.fail({ retries: 1, errorMessage: 'SMS gateway 503', retryBackOff: 60_000 });
      else await job.error('SO_DIEN_THOAI_SAI', 'Số điện thoại không hợp lệ', { soDienThoai: '0123' });
    },
  });
  await until(() => gateway.openStreams === 1);
  gateway.pushJob({ key: '1', type: 'gui-tin-nhan', retries: 3 });
  gateway.pushJob({ key: '2', type: 'gui-tin-nhan', retries: 3 });
  await gateway.waitFor('FailJob');
  await gateway.waitFor('ThrowError');
  t.match(gateway.requests('FailJob')[0], { jobKey: '1', retries: 1, errorMessage: 'SMS gateway 503', retryBackOff: '60000' });
  const [thrown] = gateway.requests('ThrowError');
  t.match(thrown, { jobKey: '2', errorCode: 'SO_DIEN_THOAI_SAI', errorMessage: 'Số điện thoại không hợp lệ' });
  t.same(JSON.parse(thrown!.variables), { soDienThoai: '0123' });
});

t.test('a handler that throws fails the job with one retry fewer and the message; fail() defaults likewise', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.start();
  engine.createWorker({
    type: 'ky-so',
    handler: async (job) => {
      if (job.key === '5') throw new Error('Chứng thư số hết hạn');
      await job.fail({});
    },
  });
  await until(() => gateway.openStreams === 1);
  gateway.pushJob({ key: '5', type: 'ky-so', retries: 3 });
  await gateway.waitFor('FailJob');
  gateway.pushJob({ key: '6', type: 'ky-so', retries: 1 });
  await gateway.waitFor('FailJob', 2);
  const [thrown, defaulted] = gateway.requests('FailJob');
  t.match(thrown, { jobKey: '5', retries: 2, errorMessage: 'Chứng thư số hết hạn', retryBackOff: '0' });
  t.match(defaulted, { jobKey: '6', retries: 0 });
});

t.test('the backfill poll picks up jobs the stream missed, at its interval', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.start();
  const keys: string[] = [];
  engine.createWorker({ type: 'luu-tru', pollInterval: 20, handler: async (job) => { keys.push(job.key); await job.complete(); } });
  await until(() => gateway.openStreams === 1);
  await gateway.waitFor('ActivateJobs');
  gateway.addJob({ key: '31', type: 'luu-tru' });
  await gateway.waitFor('CompleteJob');
  t.same(keys, ['31']);
  t.ok(gateway.requests('ActivateJobs').length >= 2, 'polled again after the initial backfill');
});

t.test('a stream the gateway ends or breaks is reopened after a backoff, and serves jobs again', async (t) => {
  const { engine, gateway, warnings } = await openHarness(t);
  await engine.start();
  const keys: string[] = [];
  engine.createWorker({ type: 'dong-dau', handler: async (job) => { keys.push(job.key); await job.complete(); } });
  await until(() => gateway.openStreams === 1);
  gateway.breakStreams({ code: 14, details: 'Gateway restarting' });
  await until(() => gateway.openStreams === 1);
  t.equal(gateway.requests('StreamActivatedJobs').length, 2, 'reopened once');
  gateway.breakStreams();
  await until(() => gateway.openStreams === 1);
  t.equal(gateway.requests('StreamActivatedJobs').length, 3, 'reopened after a normal end too');
  gateway.pushJob({ key: '61', type: 'dong-dau' });
  await gateway.waitFor('CompleteJob');
  t.same(keys, ['61']);
  t.match(warnings, [/Zeebe job stream 'dong-dau' lost \(14 UNAVAILABLE: Gateway restarting\); reopening in 5 ms/, /Zeebe job stream 'dong-dau' lost \(ended by the gateway\); reopening in 10 ms/]);
});

t.test('at most maxJobsActive handlers run at once; the rest wait, none is lost', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.start();
  let running = 0;
  let peak = 0;
  const release: (() => void)[] = [];
  engine.createWorker({
    type: 'tham-dinh', maxJobsActive: 2,
    handler: async (job) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => release.push(r));
      running--;
      await job.complete();
    },
  });
  await until(() => gateway.openStreams === 1);
  for (const key of ['41', '42', '43', '44']) gateway.pushJob({ key, type: 'tham-dinh' });
  await until(() => release.length === 2);
  t.equal(running, 2, 'two running, two queued');
  while (gateway.requests('CompleteJob').length < 4) {
    release.shift()?.();
    await new Promise((r) => setTimeout(r, 5));
  }
  t.equal(peak, 2);
  t.same(gateway.requests('CompleteJob').map((r) => r.jobKey).sort(), ['41', '42', '43', '44']);
});

t.test('close stops the stream and waits for the handler running', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.start();
  let finish!: () => void;
  const started = new Promise<void>((resolve) => {
    engine.createWorker({ type: 'tra-ket-qua', handler: async (job) => { resolve(); await new Promise<void>((r) => { finish = r; }); await job.complete(); } });
  });
  const worker = engine.createWorker({ type: 'khac', handler: async () => undefined });
  await until(() => gateway.openStreams === 2);
  gateway.pushJob({ key: '51', type: 'tra-ket-qua' });
  await started;
  await worker.close();
  await until(() => gateway.openStreams === 1);
  t.pass('the closed worker stream ended, the other stays');
  const stopping = engine.stop();
  finish();
  await stopping;
  t.same(gateway.requests('CompleteJob').map((r) => r.jobKey), ['51'], 'the running handler completed before stop resolved');
});
