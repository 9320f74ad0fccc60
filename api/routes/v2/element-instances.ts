/**
 * Element instances: search over the histories of process instances (those of a
 * `processInstanceKey` filter, else every instance the engine's search finds), and variables of an
 * element instance's scope.
 */
import type { FastifyPluginAsync } from 'fastify';
import { OPERATORS, READERS } from './access.ts';
import { restElementInstance } from './mappers.ts';
import { keyParams, OPERATION_REFERENCE, VARIABLES } from './schemas.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';

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

  /** Every element instance of the named process instances, with their open incidents. */
  async function itemsOf(processInstanceKeys: string[]) {
    const out = [];
    for (const key of processInstanceKeys) {
      const pi = await engine.getProcessInstance(key);
      if (!pi) continue;
      const [history, incidents] = await Promise.all([engine.getProcessInstanceHistory(key), engine.listIncidents({ processInstanceKey: key })]);
      out.push(...history.map((e) => restElementInstance(e, pi, incidents.find((i) => i.elementInstanceKey === e.elementInstanceKey))));
    }
    return out;
  }

  /** The instances to read: those of the key filter, else all (through the engine's search). */
  async function instanceKeys(body: SearchBody): Promise<string[]> {
    const keys = lookupValues(body.filter?.processInstanceKey);
    if (keys) return keys;
    return (await engine.searchProcessInstances({})).map((p) => p.processInstanceKey);
  }

  app.post('/v2/element-instances/search', {
    config: { access: READERS },
    schema: { tags: ['v2'], summary: 'Tìm phần tử đã chạy / search element instances of a process instance', body: searchBodySchema(SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    return search(SEARCH, await itemsOf(await instanceKeys(body)), body);
  });

  app.put('/v2/element-instances/:elementInstanceKey/variables', {
    config: { access: OPERATORS },
    schema: {
      tags: ['v2'], summary: 'Đặt biến cho phạm vi / set variables on an element instance scope', params: keyParams('elementInstanceKey'),
      body: { type: 'object', additionalProperties: false, required: ['variables'], properties: { variables: VARIABLES, local: { type: 'boolean' }, operationReference: OPERATION_REFERENCE } },
    },
  }, async (request, reply) => {
    const b = request.body as { variables: Record<string, unknown>; local?: boolean };
    await engine.setVariables({ elementInstanceKey: (request.params as { elementInstanceKey: string }).elementInstanceKey, variables: b.variables, local: b.local });
    return reply.status(204).send();
  });
};

export default routes;
