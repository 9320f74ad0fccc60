/** `ZeebeEngine.pollUserTaskEvents`: one user-task poll on demand, without waiting for the interval. */
import t from 'tap';
import type { UserTaskEvent } from '../../engine-adapter/workflow-engine.ts';
import { restUserTask } from './fake-rest.ts';
import { openHarness } from './helpers.ts';

t.test('a poll on demand reads the open tasks once and announces what changed since the previous one', async (t) => {
  const { engine, rest } = await openHarness(t, { userTaskPollIntervalMs: 3_600_000 });
  let open = [restUserTask('2251799813685500')];
  rest.route('POST', '/v2/user-tasks/search', () => ({ status: 200, body: { items: open, page: { totalItems: open.length } } }));
  const events: UserTaskEvent[] = [];
  engine.onUserTaskEvent((e) => events.push(e));

  await engine.pollUserTaskEvents();
  t.equal(rest.to('POST', '/v2/user-tasks/search').length, 1, 'one search, though the interval is an hour');
  t.same(events, [], 'the first poll is the baseline');
  open = [restUserTask('2251799813685500', { assignee: 'can-bo-1' }), restUserTask('2251799813685501')];
  await engine.pollUserTaskEvents();
  t.same(events.map((e) => `${e.type} ${e.task.key}`), ['updated 2251799813685500', 'created 2251799813685501'], 'events delivered before it resolves');
  t.same(rest.to('POST', '/v2/user-tasks/search')[1]!.body.filter, { state: 'CREATED' });
});
