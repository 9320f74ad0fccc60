/** User tasks, incidents and read models over the REST API v2: exact requests, mapping, errors. */
import t from 'tap';
import { InvalidArgumentError, InvalidStateError, NotFoundError } from '../../engine-adapter/errors.ts';
import { createZeebeEngine, EngineUnauthorizedError, EngineUnavailableError } from '../../engine-adapter/zeebe/index.ts';
import { problem, restUserTask } from './fake-rest.ts';
import { FAST, openHarness } from './helpers.ts';

const page = (items: unknown[]) => ({ status: 200, body: { items, page: { totalItems: items.length } } });

t.test('list user tasks: filter and sort sent, results mapped', async (t) => {
  const { engine, rest } = await openHarness(t);
  const tasks = await engine.listUserTasks({ processInstanceKey: '2251799813685300', state: 'CREATED', assignee: 'can-bo-1', candidateGroup: 'mot-cua' });
  const [req] = rest.to('POST', '/v2/user-tasks/search');
  t.same(req!.body, {
    filter: { processInstanceKey: '2251799813685300', state: 'CREATED', assignee: 'can-bo-1', candidateGroup: 'mot-cua' },
    sort: [{ field: 'creationDate', order: 'ASC' }], page: { limit: 100 },
  });
  t.same(tasks, [{
    key: '2251799813685500', state: 'CREATED', processInstanceKey: '2251799813685300', processDefinitionKey: '2251799813685200',
    bpmnProcessId: 'dang-ky-khai-sinh', elementId: 'tiep-nhan', elementInstanceKey: '2251799813685310', name: 'Tiếp nhận hồ sơ',
    assignee: null, candidateGroups: ['mot-cua'], candidateUsers: [], dueDate: '2026-03-05T10:00:00.000Z', followUpDate: null,
    priority: 50, formKey: '2251799813685400', customHeaders: { sla: 'P3D' }, creationDate: new Date('2026-03-02T01:00:00.000Z'),
  }]);
});

t.test('list reads every page, by cursor (page.after = the previous endCursor)', async (t) => {
  const { engine, rest } = await openHarness(t);
  const all = Array.from({ length: 130 }, (_, i) => restUserTask(String(1000 + i)));
  rest.route('POST', '/v2/user-tasks/search', (req) => {
    const start = req.body.page.after ? Number(req.body.page.after.slice(1)) + 1 : 0;
    const items = all.slice(start, start + req.body.page.limit);
    return { status: 200, body: { items, page: { totalItems: 130, endCursor: items.length ? `c${start + items.length - 1}` : null } } };
  });
  const tasks = await engine.listUserTasks();
  t.same(tasks.map((x) => x.key), all.map((x) => x.userTaskKey), 'every task once, in order');
  t.same(rest.to('POST', '/v2/user-tasks/search').map((r) => r.body.page), [{ limit: 100 }, { limit: 100, after: 'c99' }]);
});

t.test('user task states: a transition\'s state as Camunda gives it, an unknown one as CREATED', async (t) => {
  const { engine, rest } = await openHarness(t);
  rest.route('POST', '/v2/user-tasks/search', () => page([restUserTask('1', { state: 'ASSIGNING' }), restUserTask('2', { state: 'COMPLETED' }), restUserTask('3', { state: 'CANCELED' }), restUserTask('4', { state: 'FAILED' })]));
  t.same((await engine.listUserTasks()).map((u) => u.state), ['ASSIGNING', 'COMPLETED', 'CANCELED', 'CREATED']);
});

t.test('assign, unassign, update and complete: methods, paths and bodies', async (t) => {
  const { engine, rest } = await openHarness(t);
  await engine.assignUserTask('2251799813685500', 'can-bo-1');
  await engine.unassignUserTask('2251799813685500');
  await engine.updateUserTask('2251799813685500', { dueDate: '2026-03-06T10:00:00Z', followUpDate: null, candidateGroups: ['tu-phap'], priority: 80 });
  await engine.completeUserTask('2251799813685500', { ketQua: 'dat', ghiChu: 'Đủ hồ sơ' });
  t.same(rest.requests.map((r) => `${r.method} ${r.path}`), [
    'POST /v2/user-tasks/2251799813685500/assignment', 'DELETE /v2/user-tasks/2251799813685500/assignee',
    'PATCH /v2/user-tasks/2251799813685500', 'POST /v2/user-tasks/2251799813685500/completion',
  ]);
  t.same(rest.requests[0]!.body, { assignee: 'can-bo-1', allowOverride: true, action: 'assign' });
  t.same(rest.requests[2]!.body, { changeset: { dueDate: '2026-03-06T10:00:00Z', followUpDate: '', candidateGroups: ['tu-phap'], priority: 80 }, action: 'update' });
  t.same(rest.requests[3]!.body, { variables: { ketQua: 'dat', ghiChu: 'Đủ hồ sơ' }, action: 'complete' });
  t.equal(rest.requests[0]!.headers['content-type'], 'application/json');
  t.equal(rest.requests[0]!.headers.authorization, undefined, 'no auth header with NONE');
});

t.test('404 names the user task; 409 is a state error; 400 says why', async (t) => {
  const { engine, rest } = await openHarness(t);
  rest.failNext('/v2/user-tasks/99/completion', problem(404, 'NOT_FOUND', "Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete user task with key '99', but no such user task was found"));
  const missing = await engine.completeUserTask('99').catch((e: unknown) => e);
  t.type(missing, NotFoundError);
  t.match(missing, { code: 'NOT_FOUND', message: "User task '99' not found" });
  t.match((missing as { detail: string }).detail, /no such user task was found/);
  rest.failNext('/v2/user-tasks/98/completion', problem(409, 'INVALID_STATE', "Expected to complete user task with key '98', but it is in state 'COMPLETED'"));
  await t.rejects(engine.completeUserTask('98'), InvalidStateError);
  rest.failNext('/v2/user-tasks/97', problem(400, 'INVALID_ARGUMENT', 'The value for priority is 200 but must be between 0 and 100'));
  const invalid = await engine.updateUserTask('97', { priority: 200 }).catch((e: unknown) => e);
  t.type(invalid, InvalidArgumentError);
  t.match((invalid as Error).message, 'Update user task rejected by the cluster as invalid: INVALID_ARGUMENT: The value for priority is 200');
  await t.rejects(engine.assignUserTask('1', ''), { code: 'INVALID_ARGUMENT' });
  t.equal(rest.to('POST', '/v2/user-tasks/1/assignment').length, 0);
});

t.test('503 is retried with backoff, then a clear unavailable error; 401 is an auth error', async (t) => {
  const { engine, rest } = await openHarness(t, { maxRetries: 2 });
  rest.failNext('/v2/incidents/search', problem(503, 'RESOURCE_EXHAUSTED', 'backpressure'), 2);
  t.same(await engine.listIncidents(), []);
  t.equal(rest.to('POST', '/v2/incidents/search').length, 3);
  rest.failNext('/v2/incidents/search', problem(503, 'RESOURCE_EXHAUSTED', 'backpressure'), 5);
  const error = await engine.listIncidents().catch((e: unknown) => e);
  t.type(error, EngineUnavailableError);
  t.match((error as Error).message, `Search incidents: Camunda REST API ${rest.address}/v2 unavailable after 3 attempts: HTTP 503`);
  rest.failNext('/v2/incidents/search', problem(401, 'Unauthorized', 'token expired'));
  await t.rejects(engine.listIncidents(), EngineUnauthorizedError);
});

t.test('incidents: active ones of an instance, mapped; resolution', async (t) => {
  const { engine, rest } = await openHarness(t);
  rest.route('POST', '/v2/incidents/search', () => page([{
    incidentKey: '2251799813685800', processInstanceKey: '2251799813685300', processDefinitionKey: '2251799813685200',
    processDefinitionId: 'dang-ky-khai-sinh', elementId: 'ky-so', elementInstanceKey: '2251799813685320', errorType: 'JOB_NO_RETRIES',
    errorMessage: 'Chứng thư số hết hạn', jobKey: '2251799813685321', creationTime: '2026-03-02T02:00:00.000Z', state: 'ACTIVE', tenantId: '<default>',
  }]));
  const incidents = await engine.listIncidents({ processInstanceKey: '2251799813685300' });
  t.same(rest.to('POST', '/v2/incidents/search')[0]!.body.filter, { state: 'ACTIVE', processInstanceKey: '2251799813685300' });
  t.same(incidents, [{
    key: '2251799813685800', processInstanceKey: '2251799813685300', processDefinitionKey: '2251799813685200', bpmnProcessId: 'dang-ky-khai-sinh',
    elementId: 'ky-so', elementInstanceKey: '2251799813685320', errorType: 'JOB_NO_RETRIES', errorMessage: 'Chứng thư số hết hạn',
    jobKey: '2251799813685321', creationTime: new Date('2026-03-02T02:00:00.000Z'),
  }]);
  await engine.resolveIncident('2251799813685800');
  t.equal(rest.to('POST', '/v2/incidents/2251799813685800/resolution').length, 1);
  rest.failNext('/v2/incidents/5/resolution', problem(404, 'NOT_FOUND', 'no incident'));
  await t.rejects(engine.resolveIncident('5'), { code: 'NOT_FOUND', message: "Incident '5' not found" });
});

t.test('process instance: state, root variables (truncated ones read in full); unknown is undefined', async (t) => {
  const { engine, rest } = await openHarness(t);
  rest.route('GET', '/v2/process-instances/2251799813685300', () => ({ status: 200, body: {
    processInstanceKey: '2251799813685300', processDefinitionKey: '2251799813685200', processDefinitionId: 'dang-ky-khai-sinh',
    processDefinitionVersion: 3, state: 'TERMINATED', hasIncident: false, startDate: '2026-03-02T01:00:00.000Z', endDate: '2026-03-02T03:00:00.000Z', tenantId: '<default>',
  } }));
  rest.route('POST', '/v2/variables/search', () => page([
    { variableKey: '9001', name: 'hoTen', value: '"Nguyễn Văn A"', isTruncated: false, scopeKey: '2251799813685300', processInstanceKey: '2251799813685300' },
    { variableKey: '9002', name: 'hoSo', value: '{"ma":"HS', isTruncated: true, scopeKey: '2251799813685300', processInstanceKey: '2251799813685300' },
  ]));
  rest.route('GET', '/v2/variables/9002', () => ({ status: 200, body: { variableKey: '9002', name: 'hoSo', value: '{"ma":"HS-1","trang":12}' } }));
  const pi = await engine.getProcessInstance('2251799813685300');
  t.same(rest.to('POST', '/v2/variables/search')[0]!.body.filter, { processInstanceKey: '2251799813685300', scopeKey: '2251799813685300' });
  t.same(pi, {
    processInstanceKey: '2251799813685300', processDefinitionKey: '2251799813685200', bpmnProcessId: 'dang-ky-khai-sinh', version: 3,
    state: 'CANCELED', hasIncident: false, variables: { hoTen: 'Nguyễn Văn A', hoSo: { ma: 'HS-1', trang: 12 } },
    startDate: new Date('2026-03-02T01:00:00.000Z'), endDate: new Date('2026-03-02T03:00:00.000Z'), parentProcessInstanceKey: null,
  });
  t.equal(await engine.getProcessInstance('404404'), undefined);
});

t.test('history in key order with BPMN element types; element statistics', async (t) => {
  const { engine, rest } = await openHarness(t);
  rest.route('POST', '/v2/element-instances/search', () => page([
    { elementInstanceKey: '1', elementId: 'dang-ky-khai-sinh', type: 'PROCESS', state: 'ACTIVE', startDate: '2026-03-02T01:00:00.000Z', endDate: null },
    { elementInstanceKey: '2', elementId: 's', type: 'START_EVENT', state: 'COMPLETED', startDate: '2026-03-02T01:00:00.000Z', endDate: '2026-03-02T01:00:00.000Z' },
    { elementInstanceKey: '3', elementId: 'kiem-tra', type: 'SERVICE_TASK', state: 'ACTIVE', startDate: '2026-03-02T01:00:01.000Z' },
  ]));
  const history = await engine.getProcessInstanceHistory('2251799813685300');
  t.same(rest.to('POST', '/v2/element-instances/search')[0]!.body.sort, [{ field: 'elementInstanceKey', order: 'ASC' }]);
  t.same(history.map((h) => [h.elementId, h.elementType, h.state, h.leftAt === null]), [
    ['dang-ky-khai-sinh', 'bpmn:Process', 'ACTIVE', true], ['s', 'bpmn:StartEvent', 'COMPLETED', false], ['kiem-tra', 'bpmn:ServiceTask', 'ACTIVE', true],
  ]);
  rest.route('POST', '/v2/process-definitions/2251799813685200/statistics/element-instances', () => ({ status: 200, body: { items: [
    { elementId: 'kiem-tra', active: 4, canceled: 1, incidents: 1, completed: 9 }, { elementId: 'e', completed: 9 },
  ] } }));
  t.same(await engine.getElementStatistics('2251799813685200'), [{ elementId: 'kiem-tra', active: 4, incidents: 1 }, { elementId: 'e', active: 0, incidents: 0 }]);
  t.same(rest.to('POST', '/v2/process-definitions/2251799813685200/statistics/element-instances')[0]!.body, { filter: {} });
});

t.test('BASIC auth sends the Authorization header on REST calls', async (t) => {
  const { rest, gateway } = await openHarness(t);
  const engine = createZeebeEngine({ ...FAST, grpcAddress: gateway.address, restAddress: `${rest.address}/`, auth: { strategy: 'BASIC', username: 'demo', password: 'mật-khẩu' } });
  await engine.checkReady();
  await engine.getUserTask('2251799813685500');
  await engine.stop();
  const [req] = rest.to('GET', '/v2/user-tasks/2251799813685500');
  t.equal(req!.headers.authorization, `Basic ${Buffer.from('demo:mật-khẩu').toString('base64')}`);
});
