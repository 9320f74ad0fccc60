/**
 * Process definitions: search, get, XML and element statistics over running instances (active and incident
 * counts; the engine counts no completed or canceled tokens).
 */
import type { FastifyPluginAsync } from 'fastify';
import { DEFINERS, READERS } from './access.ts';
import { notFound, unsupported } from './problem.ts';
import { DEFAULT_TENANT, keyParams } from './schemas.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';
import { tenantScope, type TenantScope } from './scope.ts';
import type { ElementStatistics } from '../../../engine-adapter/workflow-engine.ts';
import type { ProcessDefinitionView } from '../../../engine-adapter/engine-reads.ts';

const definitionParams = keyParams('processDefinitionKey');
/** Who reads the shared definitions (as their XML): the people who own procedures and the readers. */
const DEFINITION_READERS = [...new Set([...DEFINERS, ...READERS])];

const DEFINITION_SEARCH: SearchSpec = {
  what: 'process definitions',
  fields: {
    name: 'string', isLatestVersion: 'boolean', resourceName: 'string', version: 'integer', versionTag: 'string', processDefinitionId: 'string',
    tenantId: 'string', processDefinitionKey: 'key',
  },
  unsupported: ['hasStartForm'],
  sortFields: ['processDefinitionKey', 'name', 'resourceName', 'version', 'versionTag', 'processDefinitionId', 'tenantId'],
};

/** `ProcessDefinitionResult` (the engine's one tenant; unset name and version tag left out). */
const restProcessDefinition = (d: ProcessDefinitionView) => ({
  processDefinitionKey: d.processDefinitionKey, processDefinitionId: d.bpmnProcessId, version: d.version, resourceName: d.resourceName,
  ...(d.name !== null ? { name: d.name } : {}), ...(d.versionTag !== null ? { versionTag: d.versionTag } : {}), tenantId: DEFAULT_TENANT,
});
const key = (params: unknown) => (params as { processDefinitionKey: string }).processDefinitionKey;

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  /**
   * The engine's statistics when the caller sees every running instance of the definition; else the
   * same counts over the instances they see (active element instances without an open incident, and
   * those with one), so that another agency's instances are not counted.
   */
  async function scopedStatistics(scope: TenantScope, processDefinitionKey: string): Promise<ElementStatistics[]> {
    const running = await engine.searchProcessInstances({ processDefinitionKey, state: 'ACTIVE' });
    const visible = await scope.instances(running);
    if (visible.length === running.length) return engine.getElementStatistics(processDefinitionKey);
    const counts = new Map<string, ElementStatistics>();
    const at = (elementId: string) => counts.get(elementId) ?? counts.set(elementId, { elementId, active: 0, incidents: 0 }).get(elementId)!;
    for (const { view } of visible) {
      const [history, incidents] = await Promise.all([engine.getProcessInstanceHistory(view.processInstanceKey), engine.listIncidents({ processInstanceKey: view.processInstanceKey })]);
      const withIncident = new Set(incidents.map((i) => i.elementInstanceKey));
      for (const e of history) {
        if (e.state !== 'ACTIVE' || e.elementType === 'bpmn:Process') continue;
        if (withIncident.has(e.elementInstanceKey)) at(e.elementId).incidents++;
        else at(e.elementId).active++;
      }
    }
    return [...counts.values()];
  }

  app.post('/v2/process-definitions/search', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'Tìm định nghĩa quy trình / search process definitions', body: searchBodySchema(DEFINITION_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(DEFINITION_SEARCH, body);
    const { isLatestVersion, ...filter } = body.filter ?? {};
    const ids = lookupValues(filter.processDefinitionId);
    const keys = lookupValues(filter.processDefinitionKey);
    let found = await engine.searchProcessDefinitions({ bpmnProcessId: ids?.length === 1 ? ids[0] : undefined, processDefinitionKey: keys?.length === 1 ? keys[0] : undefined });
    if (isLatestVersion !== undefined) {
      // The latest version of a process among all its definitions, whatever else is filtered.
      const all = await engine.searchProcessDefinitions({});
      const latest = new Map<string, number>();
      for (const d of all) latest.set(d.bpmnProcessId, Math.max(latest.get(d.bpmnProcessId) ?? 0, d.version));
      found = found.filter((d) => (latest.get(d.bpmnProcessId) === d.version) === isLatestVersion);
    }
    return search(DEFINITION_SEARCH, found.map(restProcessDefinition), { ...body, filter });
  });

  app.get('/v2/process-definitions/:processDefinitionKey', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'Đọc định nghĩa quy trình / get a process definition', params: definitionParams },
  }, async (request) => {
    const [found] = await engine.searchProcessDefinitions({ processDefinitionKey: key(request.params) });
    if (!found) throw notFound('Process definition', key(request.params));
    return restProcessDefinition(found);
  });

  app.get('/v2/process-definitions/:processDefinitionKey/xml', {
    config: { access: DEFINITION_READERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'XML của định nghĩa quy trình / process definition XML', params: definitionParams },
  }, async (request, reply) => {
    return reply.type('text/xml; charset=utf-8').send(await engine.getProcessDefinitionXml(key(request.params)));
  });

  app.post('/v2/process-definitions/:processDefinitionKey/statistics/element-instances', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: {
      tags: ['v2'], summary: 'Thống kê token theo phần tử / element statistics of a definition', params: definitionParams,
      body: { type: 'object', additionalProperties: false, properties: { filter: { type: 'object' } } },
    },
  }, async (request) => {
    const { filter } = request.body as { filter?: object };
    if (filter && Object.keys(filter).length) throw unsupported('filters on process definition statistics', 'lọc thống kê định nghĩa quy trình');
    const stats = await scopedStatistics(tenantScope(app, request), key(request.params));
    return { items: stats.map((s) => ({ elementId: s.elementId, active: s.active, incidents: s.incidents })) };
  });
};

export default routes;
