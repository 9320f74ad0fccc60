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

t.test('the poller pages open tasks by cursor (page.after = the previous endCursor), never by offset', async (t) => {
  const { engine, rest } = await openHarness(t, { userTaskPollIntervalMs: 10 });
  // 250 open tasks; the fake serves them as Camunda 8.8 does: `limit` items after the cursor, and an `endCursor`.
  let items = Array.from({ length: 250 }, (_, i) => restUserTask(String(2251799813686000 + i)));
  const cursor = (i: number) => Buffer.from(JSON.stringify({ i })).toString('base64');
  rest.route('POST', '/v2/user-tasks/search', (req) => {
    const page = (req.body as { page?: { after?: string; limit?: number; from?: number } }).page ?? {};
    const start = page.after ? (JSON.parse(Buffer.from(page.after, 'base64').toString()) as { i: number }).i + 1 : 0;
    const slice = items.slice(start, start + (page.limit ?? 100));
    return { status: 200, body: { items: slice, page: { totalItems: items.length, endCursor: slice.length ? cursor(start + slice.length - 1) : null } } };
  });
  const events: UserTaskEvent[] = [];
  engine.onUserTaskEvent((e) => events.push(e));
  await engine.start();
  await until(() => rest.to('POST', '/v2/user-tasks/search').length >= 3);
  items = [...items, restUserTask('2251799813687000')];
  await until(() => events.length === 1);
  t.match(events, [{ type: 'created', task: { key: '2251799813687000' } }], 'the 250 baseline tasks were all read: only the new one is announced');
  const pages = rest.to('POST', '/v2/user-tasks/search').slice(0, 3).map((r) => (r.body as { page: Record<string, unknown> }).page);
  t.same(pages, [{ limit: 100 }, { limit: 100, after: cursor(99) }, { limit: 100, after: cursor(199) }], 'each page starts after the previous endCursor');
  t.notOk(rest.to('POST', '/v2/user-tasks/search').some((r) => 'from' in ((r.body as { page: object }).page)), 'no offset');
});
