/**
 * Process definitions: XML and element statistics over running instances (active and incident
 * counts; the engine counts no completed or canceled tokens).
 */
import type { FastifyPluginAsync } from 'fastify';
import { DEFINERS, READERS } from './access.ts';
import { unsupported } from './problem.ts';
import { keyParams } from './schemas.ts';

const definitionParams = keyParams('processDefinitionKey');
const key = (params: unknown) => (params as { processDefinitionKey: string }).processDefinitionKey;

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  app.get('/v2/process-definitions/:processDefinitionKey/xml', {
    config: { access: [...new Set([...DEFINERS, ...READERS])] },
    schema: { tags: ['v2'], summary: 'XML của định nghĩa quy trình / process definition XML', params: definitionParams },
  }, async (request, reply) => {
    return reply.type('text/xml; charset=utf-8').send(await engine.getProcessDefinitionXml(key(request.params)));
  });

  app.post('/v2/process-definitions/:processDefinitionKey/statistics/element-instances', {
    config: { access: READERS },
    schema: {
      tags: ['v2'], summary: 'Thống kê token theo phần tử / element statistics of a definition', params: definitionParams,
      body: { type: 'object', additionalProperties: false, properties: { filter: { type: 'object' } } },
    },
  }, async (request) => {
    const { filter } = request.body as { filter?: object };
    if (filter && Object.keys(filter).length) throw unsupported('filters on process definition statistics', 'lọc thống kê định nghĩa quy trình');
    const stats = await engine.getElementStatistics(key(request.params));
    return { items: stats.map((s) => ({ elementId: s.elementId, active: s.active, incidents: s.incidents })) };
  });
};

export default routes;
