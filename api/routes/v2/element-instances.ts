/**
 * Element instances: search over the histories of process instances (those of a
 * `processInstanceKey` filter, else every instance the engine's search finds), one by key
 * (`getElementInstance`), and variables of an element instance's scope.
 */
import type { FastifyPluginAsync } from 'fastify';
import { OPERATORS, READERS } from './access.ts';
import { restElementInstance } from './mappers.ts';
import { keyParams, OPERATION_REFERENCE, VARIABLES } from './schemas.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';
import { notFound } from './problem.ts';
import { tenantScope, type ScopedInstance, type TenantScope } from './scope.ts';
import { assertNoReservedVariables, auditEngineOperation, dossierOwned } from './operations.ts';

const TYPES = [
  'UNSPECIFIED', 'PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS', 'AD_HOC_SUB_PROCESS', 'AD_HOC_SUB_PROCESS_INNER_INSTANCE', 'START_EVENT', 'INTERMEDIATE_CATCH_EVENT',
  'INTERMEDIATE_THROW_EVENT', 'BOUNDARY_EVENT', 'END_EVENT', 'SERVICE_TASK', 'RECEIVE_TASK', 'USER_TASK', 'MANUAL_TASK', 'TASK', 'EXCLUSIVE_GATEWAY',
  'INCLUSIVE_GATEWAY', 'PARALLEL_GATEWAY', 'EVENT_BASED_GATEWAY', 'SEQUENCE_FLOW', 'MULTI_INSTANCE_BODY', 'CALL_ACTIVITY', 'BUSINESS_RULE_TASK',
  'SCRIPT_TASK', 'SEND_TASK', 'UNKNOWN',
] as const;

const SEARCH: SearchSpec = {
  what: 'element instances',
  fields: {
    processDefinitionId: 'string', state: ['ACTIVE', 'COMPLETED', 'TERMINATED'], type: TYPES, elementId: 'string', elementName: 'string', hasIncident: 'boolean',
    tenantId: 'string', elementInstanceKey: 'key', processInstanceKey: 'key', processDefinitionKey: 'key', incidentKey: 'key', startDate: 'date', endDate: 'date',
  },
  unsupported: ['elementInstanceScopeKey'],
  sortFields: ['elementInstanceKey', 'processInstanceKey', 'processDefinitionKey', 'processDefinitionId', 'startDate', 'endDate', 'elementId', 'elementName', 'type', 'state', 'incidentKey', 'tenantId'],
};

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  /** Every element instance of the given process instances, with their open incidents. */
  async function itemsOf(instances: ScopedInstance[]) {
    const out = [];
    for (const { view: pi, tenantId } of instances) {
      const key = pi.processInstanceKey;
      const [history, incidents] = await Promise.all([engine.getProcessInstanceHistory(key), engine.listIncidents({ processInstanceKey: key })]);
      out.push(...history.map((e) => restElementInstance(e, pi, incidents.find((i) => i.elementInstanceKey === e.elementInstanceKey), tenantId)));
    }
    return out;
  }

  /** The instances to read that the caller may see: those of the key filter, else all (through the engine's search). */
  async function instancesOf(scope: TenantScope, body: SearchBody): Promise<ScopedInstance[]> {
    const keys = lookupValues(body.filter?.processInstanceKey);
    if (keys) return [...(await scope.tenantsOf(keys)).values()];
    return scope.instances(await engine.searchProcessInstances({}));
  }

  /** The instance an element instance belongs to, if the caller may see it: the instance itself for its root scope. */
  async function ownerOf(scope: TenantScope, elementInstanceKey: string): Promise<ScopedInstance | undefined> {
    const root = await scope.instance(elementInstanceKey);
    if (root) return root;
    const element = await engine.getElementInstance(elementInstanceKey);
    return element ? scope.instance(element.processInstanceKey) : undefined;
  }

  app.get('/v2/element-instances/:elementInstanceKey', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Đọc phần tử đã chạy / get an element instance', params: keyParams('elementInstanceKey') },
  }, async (request) => {
    const { elementInstanceKey } = request.params as { elementInstanceKey: string };
    const element = await engine.getElementInstance(elementInstanceKey);
    const owner = element && (await tenantScope(app, request).instance(element.processInstanceKey));
    if (!element || !owner) throw notFound('Element instance', elementInstanceKey);
    const incidents = element.state === 'ACTIVE' ? await engine.listIncidents({ processInstanceKey: element.processInstanceKey }) : [];
    return restElementInstance(element, owner.view, incidents.find((i) => i.elementInstanceKey === elementInstanceKey), owner.tenantId);
  });

  app.post('/v2/element-instances/search', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm phần tử đã chạy / search element instances of a process instance', body: searchBodySchema(SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    return search(SEARCH, await itemsOf(await instancesOf(tenantScope(app, request), body)), body);
  });

  app.put('/v2/element-instances/:elementInstanceKey/variables', {
    config: { access: OPERATORS, v2Scope: 'tenant' },
    schema: {
      tags: ['v2'], summary: 'Đặt biến cho phạm vi / set variables on an element instance scope', params: keyParams('elementInstanceKey'),
      body: { type: 'object', additionalProperties: false, required: ['variables'], properties: { variables: VARIABLES, local: { type: 'boolean' }, operationReference: OPERATION_REFERENCE } },
    },
  }, async (request, reply) => {
    const b = request.body as { variables: Record<string, unknown>; local?: boolean };
    const { elementInstanceKey } = request.params as { elementInstanceKey: string };
    const owner = await ownerOf(tenantScope(app, request), elementInstanceKey);
    if (!owner) throw notFound('Element instance', elementInstanceKey);
    // A dossier's process variables are its tasks' forms and its actions' results: only those write them.
    if (owner.dossier) {
      throw dossierOwned(`Element instance '${elementInstanceKey}'`, `Phần tử '${elementInstanceKey}'`, owner.dossier.code,
        `its variables are written by its tasks (POST /api/tasks/{key}/complete, POST /v2/user-tasks/{key}/completion) and the dossier's actions (POST /api/dossiers/${owner.dossier.code}/...)`,
        `biến của hồ sơ chỉ được ghi qua công việc (POST /api/tasks/{key}/complete, POST /v2/user-tasks/{key}/completion) và các thao tác trên hồ sơ (POST /api/dossiers/${owner.dossier.code}/...)`);
    }
    assertNoReservedVariables(b.variables);
    await engine.setVariables({ elementInstanceKey, variables: b.variables, local: b.local });
    await auditEngineOperation(app, request, { action: 'engine.variables.set', targetType: 'element_instance', targetId: elementInstanceKey, after: { processInstanceKey: owner.view.processInstanceKey, names: Object.keys(b.variables), local: b.local ?? false } });
    return reply.status(204).send();
  });
};

export default routes;
