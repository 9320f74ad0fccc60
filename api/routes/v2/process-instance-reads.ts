/**
 * What Operate reads about one process instance: its call hierarchy (the instances above it, root
 * first), the sequence flows it took, per-element statistics and its incidents (and those of the
 * instances it called).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Incident, ProcessInstanceView } from '../../../engine-adapter/workflow-engine.ts';
import { INCIDENT_READERS, READERS } from './access.ts';
import { assertOpenOnly, INCIDENT_SEARCH } from './incidents.ts';
import { restIncident } from './mappers.ts';
import { keyParams } from './schemas.ts';
import { tenantScope } from './scope.ts';
import { assertSupported, search, searchBodySchema, type SearchBody } from './search.ts';

const params = keyParams('processInstanceKey');
const keyOf = (p: unknown) => (p as { processInstanceKey: string }).processInstanceKey;
/** Call activities nest at most this deep here (a cycle cannot loop for ever). */
const MAX_DEPTH = 10;

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  /** The instance and every instance it called, directly or not. */
  async function withCalled(root: ProcessInstanceView): Promise<ProcessInstanceView[]> {
    const out = [root];
    let level = [root];
    for (let depth = 0; depth < MAX_DEPTH && level.length; depth++) {
      level = (await Promise.all(level.map((p) => engine.searchProcessInstances({ parentProcessInstanceKey: p.processInstanceKey })))).flat();
      out.push(...level);
    }
    return out;
  }

  app.get('/v2/process-instances/:processInstanceKey/call-hierarchy', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Chuỗi phiên bản gọi / call hierarchy of a process instance', params },
  }, async (request) => {
    const { view } = await tenantScope(app, request).instanceOr404(keyOf(request.params));
    const ancestors: ProcessInstanceView[] = [];
    for (let current = view; current.parentProcessInstanceKey && ancestors.length < MAX_DEPTH;) {
      const parent = await engine.getProcessInstance(current.parentProcessInstanceKey);
      if (!parent) break;
      ancestors.unshift(parent);
      current = parent;
    }
    return ancestors.map((p) => ({ processInstanceKey: p.processInstanceKey, processDefinitionKey: p.processDefinitionKey, processDefinitionName: p.bpmnProcessId }));
  });

  app.get('/v2/process-instances/:processInstanceKey/sequence-flows', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Luồng đã đi qua / sequence flows taken by a process instance', params },
  }, async (request) => {
    const { view, tenantId } = await tenantScope(app, request).instanceOr404(keyOf(request.params));
    const flows = await engine.getTakenSequenceFlows(view.processInstanceKey);
    return {
      items: flows.map((flowId) => ({
        sequenceFlowId: `${view.processInstanceKey}_${flowId}`, processInstanceKey: view.processInstanceKey, processDefinitionKey: view.processDefinitionKey,
        processDefinitionId: view.bpmnProcessId, elementId: flowId, tenantId,
      })),
    };
  });

  app.get('/v2/process-instances/:processInstanceKey/statistics/element-instances', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Thống kê phần tử của phiên bản / element statistics of a process instance', params },
  }, async (request) => {
    const { view } = await tenantScope(app, request).instanceOr404(keyOf(request.params));
    const [history, incidents] = await Promise.all([engine.getProcessInstanceHistory(view.processInstanceKey), engine.listIncidents({ processInstanceKey: view.processInstanceKey })]);
    const withIncident = new Set(incidents.map((i) => i.elementInstanceKey));
    const counts = new Map<string, { elementId: string; active: number; canceled: number; incidents: number; completed: number }>();
    for (const e of history) {
      if (e.elementType === 'bpmn:Process') continue;
      const c = counts.get(e.elementId) ?? counts.set(e.elementId, { elementId: e.elementId, active: 0, canceled: 0, incidents: 0, completed: 0 }).get(e.elementId)!;
      if (e.state === 'COMPLETED') c.completed++;
      else if (e.state === 'TERMINATED') c.canceled++;
      else if (withIncident.has(e.elementInstanceKey)) c.incidents++;
      else c.active++;
    }
    return { items: [...counts.values()] };
  });

  app.post('/v2/process-instances/:processInstanceKey/incidents/search', {
    config: { access: INCIDENT_READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Sự cố của phiên bản và các phiên bản nó gọi / incidents of a process instance', params, body: searchBodySchema(INCIDENT_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(INCIDENT_SEARCH, body);
    assertOpenOnly(body.filter?.state);
    const scope = tenantScope(app, request);
    const { view } = await scope.instanceOr404(keyOf(request.params));
    const instances = await withCalled(view);
    const incidents: Incident[] = (await Promise.all(instances.map((p) => engine.listIncidents({ processInstanceKey: p.processInstanceKey })))).flat();
    const visible = await scope.incidents(incidents);
    return search(INCIDENT_SEARCH, visible.map((v) => restIncident(v.incident, v.instance.tenantId)), body);
  });
};

export default routes;
