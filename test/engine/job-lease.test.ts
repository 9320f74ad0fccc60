/**
 * The embedded engine's job lease (engine-adapter/embedded/job-lease.ts), on each database target with
 * a manual clock: a worker given no `timeout` activates with the default lease (10 s); a job activated by a
 * worker that died is not handed out before its lease ends and is handed out again once it has; a
 * handler that runs long keeps its job (its lease is renewed while it runs); a worker given an explicit
 * `timeout` keeps Zeebe's meaning (no renewal).
 */
import t from 'tap';
import { sql } from 'kysely';
import { ManualClock } from '../../engine-adapter/clock.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import { DEFAULT_JOB_TIMEOUT_MS } from '../../engine-adapter/embedded/job-lease.ts';
import { bpmn, chain, el, serviceTask } from './bpmn.ts';
import { databaseTargets } from '../helpers/databases.ts';

for (const db of databaseTargets()) {
  t.test(db.name, async (t) => {
    const handle = await db.open();
    await migrateEngine(handle.db);
    const clock = new ManualClock('2026-03-02T01:00:00Z');
    const engine = new EmbeddedEngine({ db: handle.db, clock });
    t.teardown(async () => { await engine.stop(); await handle.close(); });
    await engine.deployResources([{ name: 'w.bpmn', content: bpmn('leased', el('startEvent', 's'), serviceTask('work', 'lease-work'), el('endEvent', 'e'), chain('s', 'work', 'e')) }]);
    const dueAt = async (key: string) => new Date((await sql<{ due_at: Date | string }>`select due_at from engine_job where key = ${key}`.execute(handle.db)).rows[0]!.due_at);

    t.test('a dead worker\'s job is handed out again once its lease has ended', async (t) => {
      t.equal(DEFAULT_JOB_TIMEOUT_MS, 10_000);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'leased' });
      const [job] = await engine.activateJobs({ type: 'lease-work', maxJobsToActivate: 1, timeout: DEFAULT_JOB_TIMEOUT_MS, worker: 'died' });
      t.ok(job, 'activated by the worker that then dies');
      clock.advance(DEFAULT_JOB_TIMEOUT_MS - 1);
      t.same(await engine.activateJobs({ type: 'lease-work', maxJobsToActivate: 1, timeout: DEFAULT_JOB_TIMEOUT_MS, worker: 'other' }), [], 'not before its lease ends');
      clock.advance(1);
      const [again] = await engine.activateJobs({ type: 'lease-work', maxJobsToActivate: 1, timeout: DEFAULT_JOB_TIMEOUT_MS, worker: 'other' });
      t.equal(again?.key, job!.key, 'handed out again');
      await engine.completeJob(again!.key);
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'COMPLETED');
    });

    t.test('a worker with no timeout: the default lease, renewed while its handler runs', async (t) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      const activations: Array<{ key: string; deadline: Date }> = [];
      let activated!: () => void;
      const seen = new Promise<void>((resolve) => { activated = resolve; });
      const worker = engine.createWorker({ type: 'lease-work', pollInterval: 20, handler: async (job) => { activations.push({ key: job.key, deadline: job.deadline }); activated(); await gate; await job.complete(); } });
      t.teardown(() => worker.close());
      await engine.start();
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'leased' });
      await seen;
      const job = activations[0]!;
      t.equal(job.deadline.getTime(), clock.now().getTime() + DEFAULT_JOB_TIMEOUT_MS, 'the default lease');
      // Two thirds of the lease pass (simulated time); the worker renews it (every third of the lease, in real time).
      clock.advance(Math.round(DEFAULT_JOB_TIMEOUT_MS * 2 / 3));
      while ((await dueAt(job.key)).getTime() <= job.deadline.getTime()) await new Promise((r) => setTimeout(r, 200));
      t.equal((await dueAt(job.key)).getTime(), clock.now().getTime() + DEFAULT_JOB_TIMEOUT_MS, 'renewed: a full lease from now');
      clock.advance(Math.round(DEFAULT_JOB_TIMEOUT_MS * 2 / 3));
      t.ok(clock.now().getTime() > job.deadline.getTime(), 'past the first lease');
      t.same(await engine.activateJobs({ type: 'lease-work', maxJobsToActivate: 1, timeout: 1000, worker: 'other' }), [], 'a long job keeps its lease');
      t.equal(activations.length, 1, 'not handed out again meanwhile');
      release();
      while ((await engine.getProcessInstance(processInstanceKey))?.state !== 'COMPLETED') await new Promise((r) => setTimeout(r, 50));
      t.pass('completed by the worker that kept it');
    });
  });
}
