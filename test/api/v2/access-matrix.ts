/**
 * Who may call each `/v2` route: the decisions, written once. `test/api/rbac.test.ts` can spread
 * this into its app-wide matrix once `/v2` is registered by the app.
 */
import type { Role } from '../../../api/db/database.ts';

const ADMIN: Role[] = ['admin'];
const DEFINERS: Role[] = ['admin', 'procedure_controller'];
const OFFICERS: Role[] = ['receptionist', 'specialist', 'leader'];
const READERS: Role[] = ['admin', 'receptionist', 'specialist', 'leader', 'supervisor'];

/** `METHOD url` → access, for every guarded `/v2` route. */
export const V2_ACCESS: Record<string, 'public' | 'authenticated' | Role[]> = {
  'GET /v2/topology': 'authenticated',
  'GET /v2/status': 'public',
  'POST /v2/deployments': DEFINERS,
  'POST /v2/process-instances': ADMIN,
  'POST /v2/process-instances/:processInstanceKey/cancellation': ADMIN,
  'GET /v2/process-instances/:processInstanceKey': READERS,
  'POST /v2/process-instances/search': READERS,
  'GET /v2/process-definitions/:processDefinitionKey/xml': ['admin', 'procedure_controller', 'receptionist', 'specialist', 'leader', 'supervisor'],
  'POST /v2/process-definitions/:processDefinitionKey/statistics/element-instances': READERS,
  'POST /v2/element-instances/search': READERS,
  'PUT /v2/element-instances/:elementInstanceKey/variables': ADMIN,
  'POST /v2/variables/search': READERS,
  'GET /v2/variables/:variableKey': READERS,
  'POST /v2/messages/publication': ADMIN,
  'POST /v2/messages/correlation': ADMIN,
  'POST /v2/jobs/activation': ADMIN,
  'POST /v2/jobs/:jobKey/completion': ADMIN,
  'POST /v2/jobs/:jobKey/failure': ADMIN,
  'POST /v2/jobs/:jobKey/error': ADMIN,
  'PATCH /v2/jobs/:jobKey': ADMIN,
  'POST /v2/user-tasks/search': READERS,
  'GET /v2/user-tasks/:userTaskKey': READERS,
  'POST /v2/user-tasks/:userTaskKey/assignment': OFFICERS,
  'DELETE /v2/user-tasks/:userTaskKey/assignee': OFFICERS,
  'POST /v2/user-tasks/:userTaskKey/completion': OFFICERS,
  'PATCH /v2/user-tasks/:userTaskKey': ['leader', 'supervisor'],
  'POST /v2/incidents/search': ['admin', 'procedure_controller', 'supervisor'],
  'POST /v2/incidents/:incidentKey/resolution': ADMIN,
  ...Object.fromEntries(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [`${m} /v2/*`, 'authenticated' as const])),
};
