/**
 * Process definitions: XML and element statistics over running instances (active and incident
 * counts; the engine counts no completed or canceled tokens).
 */
import type { FastifyPluginAsync } from 'fastify';
import { DEFINERS, READERS } from './access.ts';
import { unsupported } from './problem.ts';
import { keyParams } from './schemas.ts';
import { tenantScope, type TenantScope } from './scope.ts';
import type { ElementStatistics } from '../../../engine-adapter/workflow-engine.ts';

const definitionParams = keyParams('processDefinitionKey');
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

  app.get('/v2/process-definitions/:processDefinitionKey/xml', {
    config: { access: [...new Set([...DEFINERS, ...READERS])], v2Scope: 'catalogue' },
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
