/**
 * DMN decisions on `/v2` (Camunda 8.8): evaluation, decision definitions and requirements (catalogue
 * data, like process definitions) and decision instances. A decision instance of a process instance
 * (a business rule task's evaluation) follows that instance's tenant (scope.ts); one evaluated on
 * request belongs to the engine's own tenant: engine operators see it.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { DecisionInstanceView } from '../../../engine-adapter/decisions.ts';
import { restDefinition, restEvaluation, restInputs, restInstance, restRequirements, restRules } from './decision-mappers.ts';
import { DEFINERS, READERS, WORKERS } from './access.ts';
import { invalid, notFound } from './problem.ts';
import { DEFAULT_TENANT, KEY, keyParams, VARIABLES } from './schemas.ts';
import { lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';
import { tenantScope } from './scope.ts';

const DEFINITION_READERS = [...new Set([...DEFINERS, ...READERS])];
const DEFINITION_SEARCH: SearchSpec = {
  what: 'decision definitions',
  fields: { decisionDefinitionId: 'string', name: 'string', version: 'integer', decisionRequirementsId: 'string', tenantId: 'string', decisionDefinitionKey: 'key', decisionRequirementsKey: 'key' },
  sortFields: ['decisionDefinitionKey', 'decisionDefinitionId', 'name', 'version', 'decisionRequirementsId', 'decisionRequirementsKey', 'tenantId'],
};
const REQUIREMENTS_SEARCH: SearchSpec = {
  what: 'decision requirements',
  fields: { decisionRequirementsName: 'string', version: 'integer', decisionRequirementsId: 'string', tenantId: 'string', decisionRequirementsKey: 'key', resourceName: 'string' },
  sortFields: ['decisionRequirementsKey', 'decisionRequirementsName', 'version', 'decisionRequirementsId', 'tenantId'],
};
const INSTANCE_SEARCH: SearchSpec = {
  what: 'decision instances',
  fields: {
    decisionEvaluationInstanceKey: 'key', state: ['EVALUATED', 'FAILED'], evaluationFailure: 'string', evaluationDate: 'date', decisionDefinitionId: 'string',
    decisionDefinitionName: 'string', decisionDefinitionVersion: 'integer', decisionDefinitionType: ['DECISION_TABLE', 'LITERAL_EXPRESSION'], tenantId: 'string',
    decisionEvaluationKey: 'key', processDefinitionKey: 'key', processInstanceKey: 'key', decisionDefinitionKey: 'key', elementInstanceKey: 'key',
  },
  sortFields: ['decisionEvaluationInstanceKey', 'decisionDefinitionId', 'decisionDefinitionKey', 'decisionDefinitionName', 'decisionDefinitionType', 'decisionDefinitionVersion', 'decisionEvaluationKey', 'elementInstanceKey', 'evaluationDate', 'evaluationFailure', 'processDefinitionKey', 'processInstanceKey', 'state', 'tenantId'],
};

const one = (condition: unknown) => { const v = lookupValues(condition); return v?.length === 1 ? v[0] : undefined; };

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  app.post('/v2/decision-definitions/evaluation', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: {
      tags: ['v2'], summary: 'Đánh giá quyết định DMN / evaluate a decision',
      body: {
        type: 'object', additionalProperties: false,
        properties: { decisionDefinitionId: { type: 'string', minLength: 1, maxLength: 300 }, decisionDefinitionKey: KEY, variables: VARIABLES, tenantId: { type: 'string', const: DEFAULT_TENANT } },
      },
    },
  }, async (request) => {
    const body = request.body as { decisionDefinitionId?: string; decisionDefinitionKey?: string; variables?: Record<string, unknown> };
    if ((body.decisionDefinitionId === undefined) === (body.decisionDefinitionKey === undefined)) {
      throw invalid('Expected either decisionDefinitionId or decisionDefinitionKey, but not both', 'Cần đúng một trong decisionDefinitionId hoặc decisionDefinitionKey', { fields: [{ field: 'decisionDefinitionId' }, { field: 'decisionDefinitionKey' }] });
    }
    const evaluation = await engine.evaluateDecision({ decisionId: body.decisionDefinitionId, decisionKey: body.decisionDefinitionKey, variables: body.variables ?? {} });
    return restEvaluation(evaluation);
  });

  app.post('/v2/decision-definitions/search', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'Tìm định nghĩa quyết định / search decision definitions', body: searchBodySchema(DEFINITION_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    const f = body.filter ?? {};
    const found = await engine.searchDecisionDefinitions({ decisionId: one(f.decisionDefinitionId), decisionKey: one(f.decisionDefinitionKey), decisionRequirementsKey: one(f.decisionRequirementsKey) });
    return search(DEFINITION_SEARCH, found.map(restDefinition), body);
  });

  const decisionKey = keyParams('decisionDefinitionKey');
  const definitionOr404 = async (key: string) => {
    const [found] = await engine.searchDecisionDefinitions({ decisionKey: key });
    if (!found) throw notFound('Decision definition', key);
    return found;
  };

  app.get('/v2/decision-definitions/:decisionDefinitionKey', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'Đọc định nghĩa quyết định / get a decision definition', params: decisionKey },
  }, async (request) => restDefinition(await definitionOr404((request.params as { decisionDefinitionKey: string }).decisionDefinitionKey)));

  app.get('/v2/decision-definitions/:decisionDefinitionKey/xml', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'XML DMN của quyết định / decision definition XML', params: decisionKey },
  }, async (request, reply) => {
    const key = (request.params as { decisionDefinitionKey: string }).decisionDefinitionKey;
    await definitionOr404(key);
    return reply.type('text/xml; charset=utf-8').send(await engine.getDecisionXml({ decisionKey: key }));
  });

  app.post('/v2/decision-requirements/search', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'Tìm đồ thị yêu cầu quyết định / search decision requirements', body: searchBodySchema(REQUIREMENTS_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    const f = body.filter ?? {};
    const found = await engine.searchDecisionRequirements({ decisionRequirementsKey: one(f.decisionRequirementsKey), decisionRequirementsId: one(f.decisionRequirementsId) });
    return search(REQUIREMENTS_SEARCH, found.map(restRequirements), body);
  });

  const requirementsKey = keyParams('decisionRequirementsKey');
  const requirementsOr404 = async (key: string) => {
    const [found] = await engine.searchDecisionRequirements({ decisionRequirementsKey: key });
    if (!found) throw notFound('Decision requirements', key);
    return found;
  };

  app.get('/v2/decision-requirements/:decisionRequirementsKey', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'Đọc đồ thị yêu cầu quyết định / get decision requirements', params: requirementsKey },
  }, async (request) => restRequirements(await requirementsOr404((request.params as { decisionRequirementsKey: string }).decisionRequirementsKey)));

  app.get('/v2/decision-requirements/:decisionRequirementsKey/xml', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'XML DMN của đồ thị yêu cầu / decision requirements XML', params: requirementsKey },
  }, async (request, reply) => {
    const key = (request.params as { decisionRequirementsKey: string }).decisionRequirementsKey;
    await requirementsOr404(key);
    return reply.type('text/xml; charset=utf-8').send(await engine.getDecisionXml({ decisionRequirementsKey: key }));
  });

  /** The decision instances the caller may see, each with its tenant. */
  async function visible(items: DecisionInstanceView[], scope: ReturnType<typeof tenantScope>) {
    const tenants = await scope.tenantsOf(items.flatMap((d) => (d.processInstanceKey ? [d.processInstanceKey] : [])));
    return items.flatMap((d) => {
      if (!d.processInstanceKey) return scope.operator ? [{ d, tenantId: DEFAULT_TENANT }] : [];
      const inst = tenants.get(d.processInstanceKey);
      return inst ? [{ d, tenantId: inst.tenantId }] : [];
    });
  }

  app.post('/v2/decision-instances/search', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm lần đánh giá quyết định / search decision instances', body: searchBodySchema(INSTANCE_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    const f = body.filter ?? {};
    const found = await engine.searchDecisionInstances({
      decisionInstanceKey: one(f.decisionEvaluationInstanceKey), evaluationKey: one(f.decisionEvaluationKey), processInstanceKey: one(f.processInstanceKey),
      decisionKey: one(f.decisionDefinitionKey), decisionId: one(f.decisionDefinitionId),
    });
    const shown = await visible(found, tenantScope(app, request));
    return search(INSTANCE_SEARCH, shown.map(({ d, tenantId }) => restInstance(d, tenantId)), body);
  });

  app.get('/v2/decision-instances/:decisionEvaluationInstanceKey', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Đọc lần đánh giá quyết định / get a decision instance', params: keyParams('decisionEvaluationInstanceKey') },
  }, async (request) => {
    const key = (request.params as { decisionEvaluationInstanceKey: string }).decisionEvaluationInstanceKey;
    const [shown] = await visible(await engine.searchDecisionInstances({ decisionInstanceKey: key }), tenantScope(app, request));
    if (!shown) throw notFound('Decision instance', key);
    return { ...restInstance(shown.d, shown.tenantId), evaluatedInputs: restInputs(shown.d), matchedRules: restRules(shown.d) };
  });
};

export default routes;
