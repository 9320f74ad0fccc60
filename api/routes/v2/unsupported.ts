/**
 * Every other request under `/v2`: a known Orchestration Cluster API resource the embedded engine
 * does not serve → 501 naming method and path; an unknown path → 404 naming it.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ANY_ACCOUNT } from './access.ts';
import { Problem, unsupported } from './problem.ts';

/** First path segments of the Camunda 8.8 Orchestration Cluster API v2. */
const CAMUNDA_RESOURCES = new Set([
  'authentication', 'authorizations', 'batch-operation-items', 'batch-operations', 'clock', 'correlated-message-subscriptions', 'decision-definitions',
  'decision-instances', 'decision-requirements', 'deployments', 'documents', 'element-instances', 'groups', 'incidents', 'jobs', 'license', 'mapping-rules',
  'message-subscriptions', 'messages', 'process-definitions', 'process-instances', 'resources', 'roles', 'setup', 'signals', 'status', 'system', 'tenants',
  'topology', 'usage-metrics', 'users', 'user-tasks', 'variables',
]);

const routes: FastifyPluginAsync = async (app) => {
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/v2/*',
    config: { access: ANY_ACCOUNT },
    schema: { hide: true },
    handler: async (request) => {
      const path = request.url.split('?')[0]!;
      const resource = path.split('/')[2] ?? '';
      if (CAMUNDA_RESOURCES.has(resource)) throw unsupported(`${request.method} ${path}`, `${request.method} ${path}`);
      throw new Problem(404, `No such endpoint in the Orchestration Cluster API v2: ${request.method} ${path}`, `Không có đường dẫn này trong Orchestration Cluster API v2: ${request.method} ${path}`, { unsupported: `${request.method} ${path}` });
    },
  });
};

export default routes;
