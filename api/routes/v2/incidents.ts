/**
 * Incidents: search and resolution. Only open incidents are readable (`listIncidents` lists no
 * others): a filter asking for another state is answered 501.
 */
import type { FastifyPluginAsync } from 'fastify';
import { INCIDENT_READERS, OPERATORS } from './access.ts';
import { restIncident } from './mappers.ts';
import { keyParams, OPERATION_REFERENCE } from './schemas.ts';
import { notFound, unsupported } from './problem.ts';
import { tenantScope } from './scope.ts';
import { auditEngineOperation } from './operations.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';

const ERROR_TYPES = [
  'UNSPECIFIED', 'UNKNOWN', 'IO_MAPPING_ERROR', 'JOB_NO_RETRIES', 'EXECUTION_LISTENER_NO_RETRIES', 'TASK_LISTENER_NO_RETRIES', 'CONDITION_ERROR',
  'EXTRACT_VALUE_ERROR', 'CALLED_ELEMENT_ERROR', 'UNHANDLED_ERROR_EVENT', 'MESSAGE_SIZE_EXCEEDED', 'CALLED_DECISION_ERROR', 'DECISION_EVALUATION_ERROR',
  'FORM_NOT_FOUND', 'RESOURCE_NOT_FOUND',
] as const;

/** The incident search (also a process instance's incidents, process-instance-reads.ts). */
export const INCIDENT_SEARCH: SearchSpec = {
  what: 'incidents',
  fields: {
    processDefinitionId: 'string', errorType: ERROR_TYPES, errorMessage: 'string', elementId: 'string', creationTime: 'date',
    state: ['ACTIVE', 'MIGRATED', 'RESOLVED', 'PENDING'], tenantId: 'string', incidentKey: 'key', processDefinitionKey: 'key',
    processInstanceKey: 'key', elementInstanceKey: 'key', jobKey: 'key',
  },
  sortFields: ['incidentKey', 'processInstanceKey', 'processDefinitionKey', 'processDefinitionId', 'errorType', 'errorMessage', 'elementId', 'elementInstanceKey', 'creationTime', 'state', 'jobKey', 'tenantId'],
};

/** A state filter is served when it asks for open incidents only. */
export function assertOpenOnly(state: unknown): void {
  if (state === undefined) return;
  const values = lookupValues(state);
  if (values && values.every((v) => v === 'ACTIVE')) return;
  throw unsupported('incident search by a state other than ACTIVE (resolved incidents are not kept readable)', 'tìm sự cố theo trạng thái khác ACTIVE (sự cố đã xử lý không còn đọc được)', 'listIncidents() over resolved incidents');
}

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  app.post('/v2/incidents/search', {
    config: { access: INCIDENT_READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm sự cố đang mở / search open incidents', body: searchBodySchema(INCIDENT_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(INCIDENT_SEARCH, body);
    assertOpenOnly(body.filter?.state);
    const pi = lookupValues(body.filter?.processInstanceKey);
    const incidents = await engine.listIncidents(pi?.length === 1 ? { processInstanceKey: pi[0] } : {});
    const visible = await tenantScope(app, request).incidents(incidents);
    return search(INCIDENT_SEARCH, visible.map((v) => restIncident(v.incident, v.instance.tenantId)), body);
  });

  app.get('/v2/incidents/:incidentKey', {
    config: { access: INCIDENT_READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Đọc sự cố đang mở / get an open incident', params: keyParams('incidentKey') },
  }, async (request) => {
    const { incidentKey } = request.params as { incidentKey: string };
    const [found] = await tenantScope(app, request).incidents((await engine.listIncidents({})).filter((i) => i.key === incidentKey));
    if (!found) throw notFound('Incident', incidentKey);
    return restIncident(found.incident, found.instance.tenantId);
  });

  app.post('/v2/incidents/:incidentKey/resolution', {
    config: { access: OPERATORS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Xử lý sự cố / resolve an incident', params: keyParams('incidentKey'), body: { type: 'object', additionalProperties: false, properties: { operationReference: OPERATION_REFERENCE } } },
  }, async (request, reply) => {
    const { incidentKey } = request.params as { incidentKey: string };
    // Open incidents are few: the one asked for is found among them, then in the caller's scope.
    const [found] = await tenantScope(app, request).incidents((await engine.listIncidents({})).filter((i) => i.key === incidentKey));
    if (!found) throw notFound('Incident', incidentKey);
    await engine.resolveIncident(incidentKey);
    await auditEngineOperation(app, request, {
      action: 'engine.incident.resolve', targetType: 'incident', targetId: incidentKey, agencyId: found.instance.dossier?.agencyId,
      after: { processInstanceKey: found.incident.processInstanceKey, elementId: found.incident.elementId, ...(found.instance.dossier ? { dossier: found.instance.dossier.code } : {}) },
    });
    return reply.status(204).send();
  });
};

export default routes;
