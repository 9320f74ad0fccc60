/**
 * `POST /v2/user-tasks/{key}/variables/search`: as Camunda 8.8, the variables of the task's element
 * instance scope and of every scope enclosing it (an outer variable shadowed by an inner one is listed
 * too, each with its `scopeKey`), filtered by `name`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { READERS } from './access.ts';
import { keyParams } from './schemas.ts';
import { tenantScope } from './scope.ts';
import { assertSupported, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';
import { restVariable } from './variables.ts';

const SEARCH: SearchSpec = {
  what: 'user task variables',
  fields: { name: 'string' },
  sortFields: ['value', 'name', 'tenantId', 'variableKey', 'scopeKey', 'processInstanceKey'],
};

const routes: FastifyPluginAsync = async (app) => {
  app.post('/v2/user-tasks/:userTaskKey/variables/search', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: {
      tags: ['v2'], summary: 'Biến của công việc / search a user task\'s variables', params: keyParams('userTaskKey'), body: searchBodySchema(SEARCH),
      querystring: { type: 'object', properties: { truncateValues: { type: 'boolean' } } },
    },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    const { userTaskKey } = request.params as { userTaskKey: string };
    const { instance } = await tenantScope(app, request).userTaskOr404(userTaskKey);
    const variables = await app.engine.listUserTaskVariables(userTaskKey);
    return search(SEARCH, variables.map((v) => restVariable(v, instance.tenantId)), body);
  });
};

export default routes;
