/**
 * The embedded job worker's polls (engine-adapter/embedded/worker.ts), on each database target: jobs
 * created by this process are taken at once (the worker is told), without an empty activation after
 * each job or after each completion; a worker whose slots are all busy takes the waiting jobs as slots
 * free up, still without waiting for its poll interval; idle workers share one probe per interval instead
 * of polling one by one, and a job created by another process is still taken.
 */
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import { bpmn, chain, el, serviceTask } from './bpmn.ts';
import { databaseTargets } from '../helpers/databases.ts';

/** Counts the job activations (`update engine_job … set state = 'ACTIVATED'`) and the idle workers' probes sent through it. */
function activationCounter(): KyselyPlugin & { count: number; probes: number } {
  const counter = {
    count: 0,
    probes: 0,
    transformQuery({ node }: { node: RootOperationNode }) {
      const text = node.kind === 'RawNode' ? node.sqlFragments.join('') : '';
      if (text.includes("set state = 'ACTIVATED'")) counter.count += 1;
      if (text.includes('unnest(')) counter.probes += 1;
      return node;
    },
    async transformResult({ result }: { result: any }) { return result; },
  };
  return counter;
}

/** Waits (up to 30 s, far more than the few poll-free hops needed) until `done` holds. */
async function until(done: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 300; i += 1) {
    if (await done()) return true;
    await sleep(100);
  }
  return false;
}

for (const target of databaseTargets()) {
  t.test(target.name, async (t) => {
    const handle = await target.open();
    await migrateEngine(handle.db);
    const counter = activationCounter();
    const engine = new EmbeddedEngine({ db: handle.db.withPlugin(counter) });
    t.teardown(async () => { await engine.stop(); await handle.close(); });
    await engine.deployResources([{ name: 'p.bpmn', content: bpmn('polled', el('startEvent', 's'), serviceTask('one', 'poll-one'), serviceTask('two', 'poll-two'), el('endEvent', 'e'), chain('s', 'one', 'two', 'e')) }]);
    const completed = async (keys: string[]) => {
      for (const key of keys) if ((await engine.getProcessInstance(key))?.state !== 'COMPLETED') return false;
      return true;
    };
    // An hour between idle polls: every activation seen below was asked for by a job, not by the clock.
    const hour = 3_600_000;

    t.test('jobs created in this process: one activation per job at most, no idle interval waited', async (t) => {
      const handled: string[] = [];
      const one = engine.createWorker({ type: 'poll-one', pollInterval: hour, handler: async (job) => { handled.push(job.key); await job.complete(); } });
      const two = engine.createWorker({ type: 'poll-two', pollInterval: hour, handler: async (job) => { handled.push(job.key); await job.complete(); } });
      t.teardown(async () => { await one.close(); await two.close(); });
      await engine.start();
      await sleep(200); // the first poll of each worker (empty) is behind us
      counter.count = 0;
      const keys: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        keys.push((await engine.createProcessInstance({ bpmnProcessId: 'polled' })).processInstanceKey);
        await sleep(50); // one at a time, as receptions arrive
      }
      t.ok(await until(() => completed(keys)), 'every instance ran through both jobs without an idle poll interval');
      t.equal(handled.length, 20, 'each job handled once');
      // Before: an empty activation after each job taken and another after each completion (about 3 per job).
      t.ok(counter.count <= 20, `${counter.count} activations for 20 jobs`);
    });

    t.test('a worker with every slot busy takes the waiting jobs as slots free up', async (t) => {
      let running = 0;
      let most = 0;
      const one = engine.createWorker({ type: 'poll-one', pollInterval: hour, maxJobsActive: 2, handler: async (job) => {
        running += 1;
        most = Math.max(most, running);
        await sleep(30);
        running -= 1;
        await job.complete();
      } });
      const two = engine.createWorker({ type: 'poll-two', pollInterval: hour, handler: async (job) => { await job.complete(); } });
      t.teardown(async () => { await one.close(); await two.close(); });
      await engine.start();
      const keys = await Promise.all(Array.from({ length: 8 }, async () => (await engine.createProcessInstance({ bpmnProcessId: 'polled' })).processInstanceKey));
      t.ok(await until(() => completed(keys)), 'all eight done, two at a time');
      t.equal(most, 2, 'never more than the worker\'s slots');
    });

    t.test('idle workers share one probe; a job created by another process is taken all the same', async (t) => {
      const types = ['idle-a', 'idle-b', 'idle-c', 'idle-d', 'idle-e', 'poll-one'];
      const handled: string[] = [];
      const workers = types.map((type) => engine.createWorker({ type, pollInterval: 100, handler: async (job) => { handled.push(job.type); await job.complete(); } }));
      await engine.start();
      // One worker starts looking 50 ms after the others (as starts spread on a loaded machine): it joins
      // their probe instead of keeping a phase of its own (40 probes in these two seconds before).
      await sleep(50);
      const two = engine.createWorker({ type: 'poll-two', pollInterval: 100, handler: async (job) => { handled.push(job.type); await job.complete(); } });
      t.teardown(async () => { for (const w of [...workers, two]) await w.close(); });
      await sleep(300);
      counter.count = 0;
      counter.probes = 0;
      await sleep(2000); // 20 intervals of seven idle workers
      // Before: each worker polled on its own timer, 7 × 20 = 140 activations in these two seconds.
      t.equal(counter.count, 0, 'no activation while there is nothing to take');
      t.ok(counter.probes >= 5 && counter.probes <= 25, `${counter.probes} probes in 20 intervals, one for all seven workers`);

      // Another engine on the same database (another process): its jobs wake nobody here.
      const other = new EmbeddedEngine({ db: handle.db });
      const { processInstanceKey } = await other.createProcessInstance({ bpmnProcessId: 'polled' });
      t.ok(await until(() => completed([processInstanceKey])), 'its jobs are found by the probe and done here');
      t.same(handled, ['poll-one', 'poll-two'], 'by the workers of their types');
    });
  });
}
