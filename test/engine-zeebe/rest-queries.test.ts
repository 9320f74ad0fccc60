/** Instance search, definition XML and message correlation over the REST API v2: exact requests, mapping, errors. */
import t from 'tap';
import { InvalidArgumentError, NotFoundError } from '../../engine-adapter/errors.ts';
import { FAKE_DEFINITION_XML, problem, restProcessInstance } from './fake-rest.ts';
import { openHarness } from './helpers.ts';

const NEWEST_FIRST = [{ field: 'startDate', order: 'DESC' }, { field: 'processInstanceKey', order: 'DESC' }];

t.test('search process instances: filter, newest first, every page, mapped without variables', async (t) => {
  const { engine, rest } = await openHarness(t);
  const all = Array.from({ length: 120 }, (_, i) => restProcessInstance(String(3000 - i)));
  all[0] = restProcessInstance('3000', { state: 'TERMINATED', hasIncident: true, endDate: '2026-03-02T03:00:00.000Z', parentProcessInstanceKey: '2251799813685100' });
  rest.route('POST', '/v2/process-instances/search', (req) => ({ status: 200, body: { items: all.slice(req.body.page.from, req.body.page.from + req.body.page.limit), page: { totalItems: 120 } } }));
  const found = await engine.searchProcessInstances({ bpmnProcessId: 'dang-ky-khai-sinh', processDefinitionKey: '2251799813685200', state: 'CANCELED', parentProcessInstanceKey: '2251799813685100' });
  const requests = rest.to('POST', '/v2/process-instances/search');
  t.same(requests.map((r) => r.body), [0, 100].map((from) => ({
    filter: { processDefinitionId: 'dang-ky-khai-sinh', processDefinitionKey: '2251799813685200', state: 'TERMINATED', parentProcessInstanceKey: '2251799813685100' },
    sort: NEWEST_FIRST, page: { from, limit: 100 },
  })), 'our CANCELED is Camunda\'s TERMINATED; bpmnProcessId is processDefinitionId');
  t.equal(found.length, 120);
  t.same(found[0], {
    processInstanceKey: '3000', processDefinitionKey: '2251799813685200', bpmnProcessId: 'dang-ky-khai-sinh', version: 3, state: 'CANCELED',
    hasIncident: true, variables: {}, startDate: new Date('2026-03-02T01:00:00.000Z'), endDate: new Date('2026-03-02T03:00:00.000Z'),
    parentProcessInstanceKey: '2251799813685100',
  });
  t.match(found[1], { processInstanceKey: '2999', state: 'ACTIVE', endDate: null, parentProcessInstanceKey: null, variables: {} });
  t.equal(rest.to('POST', '/v2/variables/search').length, 0, 'no variables read');
});

t.test('search without a filter sends an empty one', async (t) => {
  const { engine, rest } = await openHarness(t);
  t.same((await engine.searchProcessInstances({})).map((p) => p.processInstanceKey), ['2251799813685300']);
  t.same(rest.to('POST', '/v2/process-instances/search')[0]!.body.filter, {});
});

t.test('search by variables: each value serialised to JSON, as Camunda compares them', async (t) => {
  const { engine, rest } = await openHarness(t);
  await engine.searchProcessInstances({ bpmnProcessId: 'dang-ky-khai-sinh', variables: { dossierId: 'a1b2', lanNop: 2, daNop: true, nguoiNop: { ten: 'Lan' }, boQua: undefined } });
  t.same(rest.to('POST', '/v2/process-instances/search').map((r) => r.body), [{
    filter: {
      processDefinitionId: 'dang-ky-khai-sinh',
      variables: [{ name: 'dossierId', value: '"a1b2"' }, { name: 'lanNop', value: '2' }, { name: 'daNop', value: 'true' }, { name: 'nguoiNop', value: '{"ten":"Lan"}' }],
    },
    sort: NEWEST_FIRST, page: { from: 0, limit: 100 },
  }], 'an undefined value is left out, as JSON leaves it out');
  await engine.searchProcessInstances({ variables: {} });
  t.same(rest.to('POST', '/v2/process-instances/search')[1]!.body.filter, {}, 'no variables: no variables filter');
});

t.test('definition XML: the text as sent, asked for as XML; 404 and 204 are NotFoundError', async (t) => {
  const { engine, rest } = await openHarness(t);
  t.equal(await engine.getProcessDefinitionXml('2251799813685200'), FAKE_DEFINITION_XML);
  const [req] = rest.to('GET', '/v2/process-definitions/2251799813685200/xml');
  t.match(req!.headers.accept, /^text\/xml\b/);
  rest.failNext('/v2/process-definitions/404/xml', problem(404, 'NOT_FOUND', "Process definition with key '404' not found"));
  const missing = await engine.getProcessDefinitionXml('404').catch((e: unknown) => e);
  t.type(missing, NotFoundError);
  t.match(missing, { code: 'NOT_FOUND', message: "Process definition '404' not found" });
  t.match((missing as { detail: string }).detail, /with key '404' not found/);
  rest.failNext('/v2/process-definitions/204/xml', { status: 204 });
  await t.rejects(engine.getProcessDefinitionXml('204'), { code: 'NOT_FOUND', message: "XML of process definition '204' not found" }, 'found without XML');
});

t.test('correlate message: name, key and variables sent; keys mapped; 404 names the subscription', async (t) => {
  const { engine, rest } = await openHarness(t);
  const res = await engine.correlateMessage({ name: 'ho-so-bo-sung', correlationKey: 'HS-2026-0001', variables: { daBoSung: true } });
  t.same(res, { messageKey: '2251799813685900', processInstanceKey: '2251799813685300' });
  t.same(rest.to('POST', '/v2/messages/correlation').map((r) => r.body), [{ name: 'ho-so-bo-sung', correlationKey: 'HS-2026-0001', variables: { daBoSung: true } }]);
  await engine.correlateMessage({ name: 'm', correlationKey: 'k' });
  t.same(rest.to('POST', '/v2/messages/correlation')[1]!.body.variables, {}, 'no variables: an empty object');
  rest.failNext('/v2/messages/correlation', problem(404, 'NOT_FOUND', "Expected to find subscription for message with name 'm' and correlation key 'k', but none was found."));
  const missing = await engine.correlateMessage({ name: 'm', correlationKey: 'k' }).catch((e: unknown) => e);
  t.type(missing, NotFoundError);
  t.match(missing, { code: 'NOT_FOUND', message: "Subscription of message 'm' with correlation key 'k' not found" });
  rest.failNext('/v2/messages/correlation', problem(400, 'INVALID_ARGUMENT', 'No name provided.'));
  await t.rejects(engine.correlateMessage({ name: '', correlationKey: 'k' }), InvalidArgumentError);
});
