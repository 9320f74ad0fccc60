/**
 * The embedded engine without its durable user-task feed (`durableUserTaskFeed: false`, as the app runs
 * it): the in-process push still delivers every event and the task table is kept, but no step writes the
 * feed (nor takes its lock), and reading the feed says it is off rather than answering an empty list.
 */
import t from 'tap';
import type { Kysely } from 'kysely';
import { EmbeddedEngine, migrateEngine } from '../../engine-adapter/embedded/index.ts';
import type { UserTaskEvent } from '../../engine-adapter/workflow-engine.ts';
import { databaseTargets } from '../helpers/databases.ts';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="feed-off" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="task" />
    <bpmn:userTask id="task"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

for (const target of databaseTargets()) {
  t.test(`user-task feed off on ${target.name}`, async (t) => {
    const handle = await target.open();
    t.teardown(() => handle.close());
    const db = handle.db as unknown as Kysely<any>;
    await migrateEngine(db);
    const count = async () => Number((await db.selectFrom('engine_user_task_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    for (const feed of [true, false]) {
      const engine = new EmbeddedEngine({ db, durableUserTaskFeed: feed });
      const pushed: UserTaskEvent[] = [];
      const off = engine.onUserTaskEvent((e) => pushed.push(e));
      await engine.deployResources([{ name: 'feed-off.bpmn', content: xml }]);
      const before = await count();
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'feed-off' });
      const [task] = await engine.listUserTasks({ processInstanceKey });
      await engine.completeUserTask(task!.key, { ok: 1 });
      off();
      t.same(pushed.filter((e) => e.task.key === task!.key).map((e) => e.type), ['created', 'completed'], `feed ${feed ? 'on' : 'off'}: the push delivers the task's events`);
      t.equal((await engine.getUserTask(task!.key)).state, 'COMPLETED', `feed ${feed ? 'on' : 'off'}: the task table is kept`);
      if (feed) {
        t.equal(await count() - before, 2, 'feed on: both events written to the feed');
      } else {
        t.equal(await count() - before, 0, 'feed off: no event written');
        await t.rejects(engine.userTaskEvents(0), /feed is off/, 'feed off: reading it says so');
      }
    }
  });
}
