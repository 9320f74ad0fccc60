/**
 * A user-task command or a cancellation whose task listener job is never completed is answered with
 * `ENGINE_TIMEOUT` (Camunda: 504) after the engine's `commandTimeout`; the transition stays pending and
 * completing the listener job later still applies it. Embedded engine, on each database target.
 */
import t from 'tap';
import { ManualClock } from '../../engine-adapter/clock.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import { engineHttp } from '../../api/engine-errors.ts';
import { bpmn, chain, el, ext } from './bpmn.ts';
import { jobsOf } from './harness.ts';
import { databaseTargets } from '../helpers/databases.ts';

const task = (event: string) =>
  `<bpmn:userTask id="review">${ext('<zeebe:userTask/>', `<zeebe:taskListeners><zeebe:taskListener eventType="${event}" type="slow-${event}"/></zeebe:taskListeners>`)}</bpmn:userTask>`;

for (const db of databaseTargets()) {
  t.test(db.name, async (t) => {
    const handle = await db.open();
    await migrateEngine(handle.db);
    const engine = new EmbeddedEngine({ db: handle.db, clock: new ManualClock('2026-03-02T01:00:00Z'), commandTimeout: 300 });
    t.teardown(async () => { await engine.stop(); await handle.close(); });
    await engine.deployResources([
      { name: 'c.bpmn', content: bpmn('slow_complete', el('startEvent', 's'), task('completing'), el('endEvent', 'e'), chain('s', 'review', 'e')) },
      { name: 'x.bpmn', content: bpmn('slow_cancel', el('startEvent', 's'), task('canceling'), el('endEvent', 'e'), chain('s', 'review', 'e')) },
    ]);

    t.test('completing: ENGINE_TIMEOUT (504), the completion still pending, applied when the listener completes', async (t) => {
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'slow_complete' });
      await engine.runUntilIdle();
      const [open] = await engine.listUserTasks({ processInstanceKey });
      const err = await engine.completeUserTask(open!.key, { decision: 'ok' }).catch((x: unknown) => x);
      t.match(err, { code: 'ENGINE_TIMEOUT', message: /task listeners did not finish/ });
      t.equal(engineHttp(err as { code: string }).status, 504);
      t.equal((await engine.getUserTask(open!.key)).state, 'COMPLETING');
      const [job] = await jobsOf(engine, 'slow-completing');
      await engine.completeJob(job!.key);
      await engine.runUntilIdle();
      const pi = await engine.getProcessInstance(processInstanceKey);
      t.equal(pi?.state, 'COMPLETED');
      t.equal(pi?.variables.decision, 'ok');
    });

    t.test('cancellation: ENGINE_TIMEOUT, the instance canceled once the canceling listener completes', async (t) => {
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'slow_cancel' });
      await engine.runUntilIdle();
      const err = await engine.cancelProcessInstance(processInstanceKey).catch((x: unknown) => x);
      t.match(err, { code: 'ENGINE_TIMEOUT' });
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'ACTIVE');
      const [job] = await jobsOf(engine, 'slow-canceling');
      await engine.completeJob(job!.key);
      await engine.runUntilIdle();
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'CANCELED');
    });
  });
}
