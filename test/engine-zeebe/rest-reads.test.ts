/**
 * The `/v2` read models over the REST API v2 (zeebe/rest-reads.ts): the exact requests each read sends,
 * the mapping of Camunda's results, a truncated variable read again in full, and 404 → undefined.
 */
import t from 'tap';
import { openHarness } from './helpers.ts';
import { problem } from './fake-rest.ts';

const page = (items: unknown[]) => ({ status: 200, body: { items, page: { totalItems: items.length } } });
const variable = (key: string, name: string, value: string, isTruncated = false) => ({ variableKey: key, name, value, isTruncated, scopeKey: '2251799813685300', processInstanceKey: '2251799813685300', tenantId: '<default>' });

t.test('variables: search by instance and scope, a truncated value read in full, by key, 404 → undefined', async (t) => {
  const { engine, rest } = await openHarness(t);
  rest.route('POST', '/v2/variables/search', () => page([variable('2251799813685401', 'maHoSo', '"HS-1"'), variable('2251799813685402', 'hoSo', '{"ten":"Lan"', true)]));
  rest.route('GET', '/v2/variables/2251799813685402', () => ({ status: 200, body: variable('2251799813685402', 'hoSo', '{"ten":"Lan Anh"}') }));
  const vars = await engine.listVariables({ processInstanceKey: '2251799813685300', scopeKey: '2251799813685300' });
  t.same(rest.to('POST', '/v2/variables/search')[0]!.body, { filter: { processInstanceKey: '2251799813685300', scopeKey: '2251799813685300' }, sort: [{ field: 'variableKey', order: 'ASC' }], page: { from: 0, limit: 100 } });
  t.same(vars.map((v) => [v.variableKey, v.name, v.value]), [['2251799813685401', 'maHoSo', 'HS-1'], ['2251799813685402', 'hoSo', { ten: 'Lan Anh' }]]);
  rest.route('GET', '/v2/variables/(\\d+)', () => problem(404, 'NOT_FOUND', 'Variable not found'));
  t.equal(await engine.getVariable('2251799813685499'), undefined);
});

t.test('jobs, subscriptions, element instance, definitions, sequence flows: requests and mapping', async (t) => {
  const { engine, rest } = await openHarness(t);
  rest.route('POST', '/v2/jobs/search', () => page([{
    jobKey: '2251799813685501', type: 'tra-cuu', state: 'FAILED', retries: 0, worker: '', errorMessage: 'lỗi', processInstanceKey: '2251799813685300', kind: 'BPMN_ELEMENT',
    processDefinitionKey: '2251799813685200', processDefinitionId: 'p', elementId: 't1', elementInstanceKey: '2251799813685301', customHeaders: { a: 'b' },
  }]));
  t.match(await engine.searchJobs({ processInstanceKey: '2251799813685300' }), [{ key: '2251799813685501', state: 'FAILED', worker: null, deadline: null, errorMessage: 'lỗi', customHeaders: { a: 'b' } }]);
  t.same(rest.to('POST', '/v2/jobs/search')[0]!.body.filter, { state: { $in: ['CREATED', 'FAILED', 'RETRIES_UPDATED', 'TIMED_OUT'] }, processInstanceKey: '2251799813685300' }, 'jobs not done yet');
  rest.route('POST', '/v2/message-subscriptions/search', () => page([{
    messageSubscriptionKey: '2251799813685601', messageName: 'nhac', correlationKey: 'HS-1', processInstanceKey: '2251799813685300', processDefinitionKey: '2251799813685200',
    processDefinitionId: 'p', elementId: 'cho', elementInstanceKey: '2251799813685302', messageSubscriptionState: 'CREATED',
  }]));
  t.match(await engine.searchMessageSubscriptions({}), [{ key: '2251799813685601', messageName: 'nhac', correlationKey: 'HS-1', elementId: 'cho' }]);
  t.same(rest.to('POST', '/v2/message-subscriptions/search')[0]!.body.filter, { messageSubscriptionState: 'CREATED' }, 'open ones');
  rest.route('GET', '/v2/element-instances/2251799813685301', () => ({ status: 200, body: {
    elementInstanceKey: '2251799813685301', elementId: 't1', type: 'SERVICE_TASK', state: 'ACTIVE', startDate: '2026-03-02T01:00:00.000Z', processInstanceKey: '2251799813685300',
    processDefinitionKey: '2251799813685200', processDefinitionId: 'p',
  } }));
  t.match(await engine.getElementInstance('2251799813685301'), { elementType: 'bpmn:ServiceTask', state: 'ACTIVE', leftAt: null, bpmnProcessId: 'p' });
  t.equal(await engine.getElementInstance('2251799813685399'), undefined, '404 → undefined');
  rest.route('POST', '/v2/process-definitions/search', () => page([{ processDefinitionKey: '2251799813685200', processDefinitionId: 'p', version: 2, resourceName: 'p.bpmn', name: 'Quy trình' }]));
  t.same(await engine.searchProcessDefinitions({ bpmnProcessId: 'p' }), [{ processDefinitionKey: '2251799813685200', bpmnProcessId: 'p', version: 2, resourceName: 'p.bpmn', name: 'Quy trình', versionTag: null }]);
  t.same(rest.to('POST', '/v2/process-definitions/search')[0]!.body.filter, { processDefinitionId: 'p' });
  rest.route('GET', '/v2/process-instances/2251799813685300/sequence-flows', () => ({ status: 200, body: { items: [{ elementId: 'f1' }, { elementId: 'f2' }, { elementId: 'f1' }] } }));
  t.same(await engine.getTakenSequenceFlows('2251799813685300'), ['f1', 'f2'], 'each flow once');
});
