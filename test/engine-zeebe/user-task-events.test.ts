/** User-task events on Zeebe by polling the user-task search: created, updated, completed, canceled. */
import t from 'tap';
import type { UserTask, UserTaskEvent } from '../../engine-adapter/workflow-engine.ts';
import { UserTaskPoller } from '../../engine-adapter/zeebe/user-task-poller.ts';
import { restUserTask } from './fake-rest.ts';
import { openHarness, until } from './helpers.ts';

function task(key: string, overrides: Partial<UserTask> = {}): UserTask {
  return {
    key, state: 'CREATED', processInstanceKey: '1', processDefinitionKey: '2', bpmnProcessId: 'p', elementId: 'u', elementInstanceKey: '3',
    name: null, assignee: null, candidateGroups: [], candidateUsers: [], dueDate: null, followUpDate: null, priority: 50, formKey: null,
    customHeaders: {}, creationDate: new Date('2026-03-02T01:00:00Z'), ...overrides,
  };
}

t.test('the first poll is a baseline; later polls announce the differences', async (t) => {
  let open: UserTask[] = [task('a'), task('b')];
  const closed = new Map<string, UserTask>();
  const warnings: string[] = [];
  const poller = new UserTaskPoller({
    listUserTasks: async () => open,
    getUserTask: async (key) => closed.get(key) ?? open.find((x) => x.key === key)!,
  }, 60_000, { warn: (m) => warnings.push(m) });
  const events: string[] = [];
  const off = poller.subscribe((e: UserTaskEvent) => events.push(`${e.type} ${e.task.key}`));
  await poller.poll();
  t.same(events, [], 'tasks open before subscribing are not announced');

  open = [task('a', { assignee: 'can-bo-1' }), task('c')];
  closed.set('b', task('b', { state: 'COMPLETED' }));
  await poller.poll();
  t.same(events, ['updated a', 'created c', 'completed b']);

  open = [];
  closed.set('a', task('a', { state: 'CANCELED' }));
  closed.set('c', task('c', { state: 'COMPLETED' }));
  await poller.poll();
  t.same(events.slice(3), ['canceled a', 'completed c']);

  off();
  open = [task('d')];
  await poller.poll();
  t.equal(events.length, 5, 'no event after unsubscribing');
  poller.subscribe((e: UserTaskEvent) => events.push(`${e.type} ${e.task.key}`));
  await poller.poll();
  t.equal(events.length, 5, 'a new subscriber starts from a fresh baseline');
  open = [task('d'), task('e')];
  await poller.poll();
  t.same(events.slice(5), ['created e']);
  t.same(warnings, []);
});

t.test('a failing poll is reported, and the next one carries on', async (t) => {
  let fail = false;
  const warnings: string[] = [];
  let open = [task('a')];
  const poller = new UserTaskPoller({
    listUserTasks: async () => { if (fail) throw new Error('Search user tasks: HTTP 500'); return open; },
    getUserTask: async (key) => task(key),
  }, 60_000, { warn: (m) => warnings.push(m) });
  const events: string[] = [];
  poller.subscribe((e) => events.push(`${e.type} ${e.task.key}`));
  await poller.poll();
  fail = true;
  await poller.poll();
  t.match(warnings, [/Zeebe user-task poll failed: Search user tasks: HTTP 500/]);
  fail = false;
  open = [task('a'), task('b')];
  await poller.poll();
  t.same(events, ['created b']);
});

t.test('on the engine: polling starts with start() and reads open tasks from /v2/user-tasks/search', async (t) => {
  const { engine, rest } = await openHarness(t, { userTaskPollIntervalMs: 10 });
  let items = [restUserTask('701')];
  rest.route('POST', '/v2/user-tasks/search', () => ({ status: 200, body: { items, page: { totalItems: items.length } } }));
  const events: UserTaskEvent[] = [];
  engine.onUserTaskEvent((e) => events.push(e));
  t.equal(rest.requests.length, 0, 'no polling before start');
  await engine.start();
  await until(() => rest.to('POST', '/v2/user-tasks/search').length >= 1);
  items = [restUserTask('701'), restUserTask('702', { name: 'Thẩm định' })];
  await until(() => events.length === 1);
  t.match(events[0], { type: 'created', task: { key: '702', name: 'Thẩm định', state: 'CREATED' } });
  t.same(rest.to('POST', '/v2/user-tasks/search')[0]!.body.filter, { state: 'CREATED' });
});
