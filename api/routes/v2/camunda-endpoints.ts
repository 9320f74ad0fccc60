/**
 * The endpoints of the Camunda 8.8 Orchestration Cluster REST API (method and path below `/v2`), as
 * Camunda's generated 8.8 client (`@camunda8/orchestration-cluster-api`) calls them. The catch-all
 * route uses them to tell a Camunda endpoint the embedded engine does not serve (501) from an unknown
 * path (404), and a malformed key in a key's place from both (400: Camunda refuses a key it cannot
 * read as an int64).
 */
import { isCamundaKey } from '../../validation.ts';

const ENDPOINTS: readonly string[] = [
  'GET /authentication/me', 'POST /authorizations', 'DELETE /authorizations/{authorizationKey}', 'GET /authorizations/{authorizationKey}',
  'PUT /authorizations/{authorizationKey}', 'POST /authorizations/search', 'POST /batch-operation-items/search',
  'GET /batch-operations/{batchOperationKey}', 'POST /batch-operations/{batchOperationKey}/cancellation',
  'POST /batch-operations/{batchOperationKey}/resumption', 'POST /batch-operations/{batchOperationKey}/suspension', 'POST /batch-operations/search',
  'PUT /clock', 'POST /clock/reset', 'POST /correlated-message-subscriptions/search', 'GET /decision-definitions/{decisionDefinitionKey}',
  'GET /decision-definitions/{decisionDefinitionKey}/xml', 'POST /decision-definitions/evaluation', 'POST /decision-definitions/search',
  'GET /decision-instances/{decisionEvaluationInstanceKey}', 'POST /decision-instances/search',
  'GET /decision-requirements/{decisionRequirementsKey}', 'GET /decision-requirements/{decisionRequirementsKey}/xml',
  'POST /decision-requirements/search', 'POST /deployments', 'POST /documents', 'DELETE /documents/{documentId}', 'GET /documents/{documentId}',
  'POST /documents/{documentId}/links', 'POST /documents/batch', 'GET /element-instances/{elementInstanceKey}',
  'PUT /element-instances/{elementInstanceKey}/variables', 'POST /element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation',
  'POST /element-instances/search', 'POST /groups', 'DELETE /groups/{groupId}', 'GET /groups/{groupId}', 'PUT /groups/{groupId}',
  'DELETE /groups/{groupId}/clients/{clientId}', 'PUT /groups/{groupId}/clients/{clientId}', 'POST /groups/{groupId}/clients/search',
  'DELETE /groups/{groupId}/mapping-rules/{mappingRuleId}', 'PUT /groups/{groupId}/mapping-rules/{mappingRuleId}',
  'POST /groups/{groupId}/mapping-rules/search', 'POST /groups/{groupId}/roles/search', 'DELETE /groups/{groupId}/users/{username}',
  'PUT /groups/{groupId}/users/{username}', 'POST /groups/{groupId}/users/search', 'POST /groups/search', 'GET /incidents/{incidentKey}',
  'POST /incidents/{incidentKey}/resolution', 'POST /incidents/search', 'PATCH /jobs/{jobKey}', 'POST /jobs/{jobKey}/completion',
  'POST /jobs/{jobKey}/error', 'POST /jobs/{jobKey}/failure', 'POST /jobs/activation', 'POST /jobs/search', 'GET /license', 'POST /mapping-rules',
  'DELETE /mapping-rules/{mappingRuleId}', 'GET /mapping-rules/{mappingRuleId}', 'PUT /mapping-rules/{mappingRuleId}', 'POST /mapping-rules/search',
  'POST /message-subscriptions/search', 'POST /messages/correlation', 'POST /messages/publication',
  'GET /process-definitions/{processDefinitionKey}', 'GET /process-definitions/{processDefinitionKey}/form',
  'POST /process-definitions/{processDefinitionKey}/statistics/element-instances', 'GET /process-definitions/{processDefinitionKey}/xml',
  'POST /process-definitions/search', 'POST /process-instances', 'GET /process-instances/{processInstanceKey}',
  'GET /process-instances/{processInstanceKey}/call-hierarchy', 'POST /process-instances/{processInstanceKey}/cancellation',
  'POST /process-instances/{processInstanceKey}/incidents/search', 'POST /process-instances/{processInstanceKey}/migration',
  'POST /process-instances/{processInstanceKey}/modification', 'GET /process-instances/{processInstanceKey}/sequence-flows',
  'GET /process-instances/{processInstanceKey}/statistics/element-instances', 'POST /process-instances/cancellation',
  'POST /process-instances/incident-resolution', 'POST /process-instances/migration', 'POST /process-instances/modification',
  'POST /process-instances/search', 'GET /resources/{resourceKey}', 'GET /resources/{resourceKey}/content', 'POST /resources/{resourceKey}/deletion',
  'POST /roles', 'DELETE /roles/{roleId}', 'GET /roles/{roleId}', 'PUT /roles/{roleId}', 'DELETE /roles/{roleId}/clients/{clientId}',
  'PUT /roles/{roleId}/clients/{clientId}', 'POST /roles/{roleId}/clients/search', 'DELETE /roles/{roleId}/groups/{groupId}',
  'PUT /roles/{roleId}/groups/{groupId}', 'POST /roles/{roleId}/groups/search', 'DELETE /roles/{roleId}/mapping-rules/{mappingRuleId}',
  'PUT /roles/{roleId}/mapping-rules/{mappingRuleId}', 'POST /roles/{roleId}/mapping-rules/search', 'DELETE /roles/{roleId}/users/{username}',
  'PUT /roles/{roleId}/users/{username}', 'POST /roles/{roleId}/users/search', 'POST /roles/search', 'POST /setup/user', 'POST /signals/broadcast',
  'GET /status', 'GET /system/usage-metrics', 'POST /tenants', 'DELETE /tenants/{tenantId}', 'GET /tenants/{tenantId}', 'PUT /tenants/{tenantId}',
  'DELETE /tenants/{tenantId}/clients/{clientId}', 'PUT /tenants/{tenantId}/clients/{clientId}', 'POST /tenants/{tenantId}/clients/search',
  'DELETE /tenants/{tenantId}/groups/{groupId}', 'PUT /tenants/{tenantId}/groups/{groupId}', 'POST /tenants/{tenantId}/groups/search',
  'DELETE /tenants/{tenantId}/mapping-rules/{mappingRuleId}', 'PUT /tenants/{tenantId}/mapping-rules/{mappingRuleId}',
  'POST /tenants/{tenantId}/mapping-rules/search', 'DELETE /tenants/{tenantId}/roles/{roleId}', 'PUT /tenants/{tenantId}/roles/{roleId}',
  'POST /tenants/{tenantId}/roles/search', 'DELETE /tenants/{tenantId}/users/{username}', 'PUT /tenants/{tenantId}/users/{username}',
  'POST /tenants/{tenantId}/users/search', 'POST /tenants/search', 'GET /topology', 'GET /user-tasks/{userTaskKey}',
  'PATCH /user-tasks/{userTaskKey}', 'DELETE /user-tasks/{userTaskKey}/assignee', 'POST /user-tasks/{userTaskKey}/assignment',
  'POST /user-tasks/{userTaskKey}/completion', 'GET /user-tasks/{userTaskKey}/form', 'POST /user-tasks/{userTaskKey}/variables/search',
  'POST /user-tasks/search', 'POST /users', 'DELETE /users/{username}', 'GET /users/{username}', 'PUT /users/{username}', 'POST /users/search',
  'GET /variables/{variableKey}', 'POST /variables/search',
];

const TEMPLATES = ENDPOINTS.map((e) => {
  const [method, path] = e.split(' ') as [string, string];
  return { method, segments: path.slice(1).split('/') };
});

/** What a request no served route took is: a Camunda endpoint with malformed keys (named), one not served, or no endpoint. */
export type EndpointMatch = { kind: 'malformed-key'; keys: string[] } | { kind: 'not-served' } | { kind: 'unknown' };

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches a method and path (`/v2/...`, no query) against the Camunda endpoints. */
export function matchCamundaEndpoint(method: string, path: string): EndpointMatch {
  const segments = path.replace(/^\/v2\/?/, '').split('/');
  const matches = TEMPLATES.filter((t) => t.segments.length === segments.length && t.segments.every((s, i) => s.startsWith('{') || s === segments[i]));
  if (!matches.length) return { kind: 'unknown' };
  const badKeys = (t: (typeof TEMPLATES)[number]) => t.segments.flatMap((s, i) => (/^\{\w+Key\}$/.test(s) && !isCamundaKey(decoded(segments[i]!)) ? [s.slice(1, -1)] : []));
  const sameMethod = matches.filter((t) => t.method === method);
  // As Camunda's router: a literal path of the method wins; a key's place takes any segment, which must then be a key.
  if (sameMethod.length && sameMethod.every((t) => badKeys(t).length)) return { kind: 'malformed-key', keys: badKeys(sameMethod[0]!) };
  // Only another method's endpoint, and not even with keys there: the path names nothing.
  if (matches.every((t) => badKeys(t).length)) return { kind: 'unknown' };
  return { kind: 'not-served' };
}
