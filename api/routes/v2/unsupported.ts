/**
 * Every other request under `/v2`, matched against the Camunda 8.8 endpoints: a key that is not a
 * key in a key's place → 400 naming it (as Camunda, which cannot read it); an endpoint the embedded
 * engine does not serve → 501 naming method and path; anything else → 404 naming it.
 */
import type { FastifyPluginAsync } from 'fastify';
import { validationError } from '../../plugins/bad-input.ts';
import { ANY_ACCOUNT } from './access.ts';
import { matchCamundaEndpoint } from './camunda-endpoints.ts';
import { Problem, unsupported } from './problem.ts';

const routes: FastifyPluginAsync = async (app) => {
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/v2/*',
    config: { access: ANY_ACCOUNT, v2Scope: 'cluster' },
    schema: { hide: true },
    handler: async (request) => {
      const path = request.url.split('?')[0]!;
      const match = matchCamundaEndpoint(request.method, path);
      if (match.kind === 'malformed-key') {
        throw validationError('params', match.keys.map((key) => ({ keyword: 'format', instancePath: `/${key}`, schemaPath: '', params: { format: 'camunda-key' } })));
      }
      if (match.kind === 'not-served') throw unsupported(`${request.method} ${path}`, `${request.method} ${path}`);
      throw new Problem(404, `No such endpoint in the Orchestration Cluster API v2: ${request.method} ${path}`, `Không có đường dẫn này trong Orchestration Cluster API v2: ${request.method} ${path}`, { unsupported: `${request.method} ${path}` });
    },
  });
};

export default routes;
