/**
 * DMN on `/v2`, driven by Camunda's generated 8.8 client in strict validation mode: a deployment mixing
 * BPMN and DMN, evaluation by id and by key, decision definitions, requirements and instances, who sees
 * which decision instances, and bad input.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Camunda8 } from '@camunda8/sdk';
import { databaseTargets } from '../../helpers/databases.ts';
import { bpmn, chain, el } from '../../engine/bpmn.ts';
import { businessRuleTask, dmn, table } from '../../engine/dmn.ts';
import { openV2App } from './helpers.ts';

const [target] = databaseTargets();
const now = { consistency: { waitUpToMs: 0 } };
const dmnXml = readFileSync(new URL('../../engine/fixtures/le-phi-ho-tich.dmn', import.meta.url), 'utf8');
const processXml = bpmn('tinh-le-phi', el('startEvent', 's'), businessRuleTask('rule', 'muc-le-phi', 'lePhi'), el('endEvent', 'e'), chain('s', 'rule', 'e'));

t.test('DMN through /v2 with Camunda\'s 8.8 client (strict)', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const clientFor = async (username: string, validation = 'req:strict,res:strict') => {
    const token = await ctx.token(username);
    const client = new Camunda8({ ZEEBE_REST_ADDRESS: ctx.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE' }).getOrchestrationClusterApiClient({}, { cached: false });
    const withToken = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      request.headers.set('authorization', `Bearer ${token}`);
      return fetch(request);
    };
    client.configure({
      config: { CAMUNDA_REST_ADDRESS: ctx.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_VALIDATION: validation, CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1, CAMUNDA_SDK_LOG_LEVEL: 'silent' } as never,
      fetch: withToken,
    });
    return client;
  };
  const admin = await clientFor('admin');
  const specialist = await clientFor('specialist');
  // Camunda 8.8's schema requires `failedDecisionDefinitionId` to be a decision id, yet Camunda answers a
  // successful evaluation with '' there (no decision failed): this client checks requests strictly and
  // only warns on responses; the shape is asserted below instead.
  const integration = await clientFor('integration', 'req:strict,res:warn');
  const adminToken = await ctx.token('admin');

  const file = (name: string, content: string) => new File([content], name, { type: 'application/xml' });
  const deployment = await admin.createDeployment({ resources: [file('le-phi.dmn', dmnXml), file('tinh-le-phi.bpmn', processXml)] });
  const entries = deployment.deployments as Array<Record<string, any>>;
  t.match(entries.find((d) => d.processDefinition), { processDefinition: { processDefinitionId: 'tinh-le-phi', processDefinitionVersion: 1 } });
  t.match(entries.find((d) => d.decisionRequirements), { decisionRequirements: { decisionRequirementsId: 'le-phi-ho-tich', decisionRequirementsName: 'Lệ phí hộ tịch', version: 1, resourceName: 'le-phi.dmn' } });
  const fee = entries.find((d) => d.decisionDefinition?.decisionDefinitionId === 'muc-le-phi')!.decisionDefinition;
  t.match(fee, { name: 'Mức lệ phí', version: 1, decisionRequirementsId: 'le-phi-ho-tich', tenantId: '<default>' });

  t.test('evaluation by id and by key answers Camunda\'s EvaluateDecisionResult', async (t) => {
    const byId = await integration.evaluateDecision({ decisionDefinitionId: 'muc-le-phi', variables: { thuTuc: 'khai-sinh', soNgayTuKhiSinh: 10 } } as never);
    t.match(byId, { decisionDefinitionId: 'muc-le-phi', decisionDefinitionVersion: 1, output: '0', failedDecisionDefinitionId: '', failureMessage: '', decisionDefinitionKey: fee.decisionDefinitionKey });
    t.same(byId.evaluatedDecisions.map((d) => [d.decisionDefinitionId, d.decisionDefinitionType, d.output]), [['dung-han', 'LITERAL_EXPRESSION', 'true'], ['muc-le-phi', 'DECISION_TABLE', '0']]);
    t.match(byId.evaluatedDecisions[1], { matchedRules: [{ ruleId: 'Rule_khai_sinh_dung_han', ruleIndex: 1, evaluatedOutputs: [{ outputName: 'lePhi', outputValue: '0' }] }], evaluatedInputs: [{ inputName: 'Thủ tục', inputValue: '"khai-sinh"' }, { inputValue: 'true' }] });
    const byKey = await integration.evaluateDecision({ decisionDefinitionKey: fee.decisionDefinitionKey, variables: { thuTuc: 'ket-hon' } } as never);
    t.equal(byKey.output, '10000');
    const instance = await admin.getDecisionInstance({ decisionEvaluationInstanceKey: byKey.evaluatedDecisions[1]!.decisionEvaluationInstanceKey! }, now);
    t.match(instance, { state: 'EVALUATED', result: '10000', decisionDefinitionId: 'muc-le-phi', tenantId: '<default>', matchedRules: [{ ruleId: 'Rule_ket_hon' }] });
    t.notOk('processInstanceKey' in instance, 'evaluated on request: no process instance');
    const clash = dmn('trung-quy-tac', table('trung', { hitPolicy: 'UNIQUE', inputs: ['x'], outputs: [{ name: 'v' }], rules: [[['> 0'], ['1']], [['> 1'], ['2']]] }));
    await admin.createDeployment({ resources: [file('trung.dmn', clash)] });
    const failed = await admin.evaluateDecision({ decisionDefinitionId: 'trung', variables: { x: 5 } } as never);
    t.match(failed, { failedDecisionDefinitionId: 'trung', failureMessage: /^Expected to evaluate decision 'trung', but multiple values aren't allowed for UNIQUE hit policy/ }, 'a failed evaluation: 200, strictly valid, naming the decision');
    const failedInstances = await admin.searchDecisionInstances({ filter: { decisionEvaluationKey: failed.decisionEvaluationKey, state: 'FAILED' } }, now);
    t.match(failedInstances.items, [{ decisionDefinitionId: 'trung', evaluationFailure: /UNIQUE/ }]);
    const byInstanceKey = await ctx.http('POST', '/v2/decision-instances/search', adminToken, { filter: { decisionEvaluationInstanceKey: instance.decisionEvaluationInstanceKey } });
    t.match(byInstanceKey, { status: 200, body: { page: { totalItems: 1 } } }, `by its key (${JSON.stringify(byInstanceKey.body).slice(0, 200)})`);
  });

  t.test('definitions and requirements are catalogue data: search, get, XML', async (t) => {
    const defs = await specialist.searchDecisionDefinitions({ filter: { decisionDefinitionId: 'muc-le-phi' } } as never, now);
    t.same(defs.items!.map((d) => d.decisionDefinitionKey), [fee.decisionDefinitionKey]);
    t.match(await specialist.getDecisionDefinition({ decisionDefinitionKey: fee.decisionDefinitionKey }, now), { decisionDefinitionId: 'muc-le-phi', name: 'Mức lệ phí' });
    const xml = await ctx.app.inject({ method: 'GET', url: `/v2/decision-definitions/${fee.decisionDefinitionKey}/xml`, headers: { authorization: `Bearer ${adminToken}` } });
    t.equal(xml.statusCode, 200);
    t.match(xml.headers['content-type'], /text\/xml/);
    t.match(xml.body, /<decision id="muc-le-phi"/);
    const drgs = await admin.searchDecisionRequirements({ filter: { decisionRequirementsId: 'le-phi-ho-tich' } }, now);
    t.match(drgs.items, [{ decisionRequirementsName: 'Lệ phí hộ tịch', resourceName: 'le-phi.dmn', version: 1 }]);
    t.match(await admin.getDecisionRequirements({ decisionRequirementsKey: drgs.items![0]!.decisionRequirementsKey! }, now), { decisionRequirementsId: 'le-phi-ho-tich' });
    t.equal((await specialist.searchDecisionDefinitions({ filter: { version: 2 } }, now)).page.totalItems, 0n);
  });

  t.test('a business rule task\'s evaluation is a decision instance of its process instance, in its tenant', async (t) => {
    const pi = await admin.createProcessInstance({ processDefinitionId: 'tinh-le-phi', variables: { thuTuc: 'khai-sinh', soNgayTuKhiSinh: 90 } } as never);
    // The task evaluates within the step that created the instance.
    const found = await admin.searchDecisionInstances({ filter: { processInstanceKey: pi.processInstanceKey }, sort: [{ field: 'decisionEvaluationInstanceKey', order: 'ASC' }] }, now);
    t.same(found.items!.map((d) => [d.decisionDefinitionId, d.result, d.processInstanceKey]), [['dung-han', 'false', pi.processInstanceKey], ['muc-le-phi', '5000', pi.processInstanceKey]]);
    t.ok(found.items!.every((d) => d.elementInstanceKey && d.decisionEvaluationKey === found.items![0]!.decisionEvaluationKey), 'one evaluation, with the task\'s element instance');
    // The engine's own tenant (no dossier): an officer sees none of its decision instances.
    t.equal((await specialist.searchDecisionInstances({ filter: { processInstanceKey: pi.processInstanceKey } }, now)).page.totalItems, 0n);
    t.equal((await specialist.searchDecisionInstances({}, now)).page.totalItems, 0n);
    const hidden = await ctx.http('GET', `/v2/decision-instances/${found.items![1]!.decisionEvaluationInstanceKey}`, await ctx.token('specialist'));
    t.equal(hidden.status, 404);
  });

  t.test('bad input: a 4xx problem, never a 500', async (t) => {
    const token = adminToken;
    const unknown = await ctx.http('POST', '/v2/decision-definitions/evaluation', token, { decisionDefinitionId: 'khong-co', variables: {} });
    t.match(unknown, { status: 404, body: { detail: "Expected to evaluate decision 'khong-co', but no decision found for id 'khong-co'" } });
    t.equal((await ctx.http('POST', '/v2/decision-definitions/evaluation', token, { variables: {} })).status, 400, 'neither id nor key');
    t.equal((await ctx.http('POST', '/v2/decision-definitions/evaluation', token, { decisionDefinitionKey: 'abc' })).status, 400, 'a malformed key');
    t.equal((await ctx.http('GET', '/v2/decision-definitions/999999', token)).status, 404);
    t.equal((await ctx.http('GET', '/v2/decision-instances/999999', token)).status, 404);
    const forbidden = await ctx.http('POST', '/v2/decision-instances/search', await ctx.token('integration'), {});
    t.equal(forbidden.status, 403, 'machines evaluate; they do not read instances');
    const bad = new FormData();
    bad.append('resources', new File([dmnXml.replace('hitPolicy="FIRST"', 'hitPolicy="MOSTLY"')], 'bad.dmn'));
    const res = await fetch(`${ctx.baseUrl}/v2/deployments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: bad });
    t.equal(res.status, 400);
    t.match(await res.json(), { detail: /muc-le-phi.*hitPolicy|hit policy 'MOSTLY'/ });
  });
});
