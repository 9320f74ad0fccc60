/**
 * Who may call each `/v2` route: the decisions, written once; `test/api/rbac.test.ts` spreads this
 * into its app-wide matrix. Written out, not imported from the routes, so that a change of either is seen.
 */
import type { Role } from '../../../api/db/database.ts';

const ADMIN: Role[] = ['admin'];
const WORKERS: Role[] = ['admin', 'integration'];
const EVERY_ACCOUNT: Role[] = ['admin', 'procedure_controller', 'receptionist', 'specialist', 'leader', 'supervisor', 'integration'];
const DEFINERS: Role[] = ['admin', 'procedure_controller'];
const OFFICERS: Role[] = ['receptionist', 'specialist', 'leader', 'admin'];
const READERS: Role[] = ['admin', 'receptionist', 'specialist', 'leader', 'supervisor'];
const INCIDENT_READERS: Role[] = ['admin', 'procedure_controller', 'supervisor'];
const DEFINITION_READERS: Role[] = ['admin', 'procedure_controller', 'receptionist', 'specialist', 'leader', 'supervisor'];

/** `METHOD url` → access, for every guarded `/v2` route. */
export const V2_ACCESS: Record<string, 'public' | 'authenticated' | Role[]> = {
  'GET /v2/topology': EVERY_ACCOUNT,
  'GET /v2/status': 'public',
  'POST /v2/deployments': DEFINERS,
  'POST /v2/process-instances': ADMIN,
  'POST /v2/process-instances/:processInstanceKey/cancellation': ADMIN,
  'GET /v2/process-instances/:processInstanceKey': READERS,
  'POST /v2/process-instances/search': READERS,
  'GET /v2/process-definitions/:processDefinitionKey/xml': DEFINITION_READERS,
  'POST /v2/process-definitions/:processDefinitionKey/statistics/element-instances': READERS,
  'POST /v2/element-instances/search': READERS,
  'PUT /v2/element-instances/:elementInstanceKey/variables': ADMIN,
  'POST /v2/variables/search': READERS,
  'GET /v2/variables/:variableKey': READERS,
  'POST /v2/messages/publication': WORKERS,
  'POST /v2/messages/correlation': WORKERS,
  'POST /v2/signals/broadcast': WORKERS,
  'POST /v2/jobs/activation': WORKERS,
  'POST /v2/jobs/:jobKey/completion': WORKERS,
  'POST /v2/jobs/:jobKey/failure': WORKERS,
  'POST /v2/jobs/:jobKey/error': WORKERS,
  'PATCH /v2/jobs/:jobKey': WORKERS,
  'POST /v2/user-tasks/search': READERS,
  'GET /v2/user-tasks/:userTaskKey': READERS,
  'POST /v2/user-tasks/:userTaskKey/assignment': OFFICERS,
  'DELETE /v2/user-tasks/:userTaskKey/assignee': OFFICERS,
  'POST /v2/user-tasks/:userTaskKey/completion': OFFICERS,
  'PATCH /v2/user-tasks/:userTaskKey': ['leader', 'supervisor', 'admin'],
  'POST /v2/incidents/search': INCIDENT_READERS,
  'POST /v2/incidents/:incidentKey/resolution': ADMIN,
  'GET /v2/incidents/:incidentKey': INCIDENT_READERS,
  'POST /v2/process-definitions/search': DEFINITION_READERS,
  'GET /v2/process-definitions/:processDefinitionKey': DEFINITION_READERS,
  'GET /v2/element-instances/:elementInstanceKey': READERS,
  'POST /v2/jobs/search': INCIDENT_READERS,
  'POST /v2/message-subscriptions/search': INCIDENT_READERS,
  'POST /v2/user-tasks/:userTaskKey/variables/search': READERS,
  'GET /v2/process-instances/:processInstanceKey/call-hierarchy': READERS,
  'GET /v2/process-instances/:processInstanceKey/sequence-flows': READERS,
  'GET /v2/process-instances/:processInstanceKey/statistics/element-instances': READERS,
  'POST /v2/process-instances/:processInstanceKey/incidents/search': INCIDENT_READERS,
  'POST /v2/decision-definitions/evaluation': WORKERS,
  'POST /v2/decision-definitions/search': DEFINITION_READERS,
  'GET /v2/decision-definitions/:decisionDefinitionKey': DEFINITION_READERS,
  'GET /v2/decision-definitions/:decisionDefinitionKey/xml': DEFINITION_READERS,
  'POST /v2/decision-requirements/search': DEFINITION_READERS,
  'GET /v2/decision-requirements/:decisionRequirementsKey': DEFINITION_READERS,
  'GET /v2/decision-requirements/:decisionRequirementsKey/xml': DEFINITION_READERS,
  'POST /v2/decision-instances/search': READERS,
  'GET /v2/decision-instances/:decisionEvaluationInstanceKey': READERS,
  ...Object.fromEntries(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [`${m} /v2/*`, EVERY_ACCOUNT])),
};
