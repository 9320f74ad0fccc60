/** `GET /v2/topology` (one broker, one partition: the embedded engine) and `GET /v2/status`. */
import type { FastifyPluginAsync } from 'fastify';
import { ANY_ACCOUNT } from './access.ts';

/** The API version this face follows. */
export const API_VERSION = '8.8.0';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/v2/topology', {
    config: { access: ANY_ACCOUNT, v2Scope: 'cluster' },
    schema: { tags: ['v2'], summary: 'Cấu trúc cụm / cluster topology (embedded: one broker, one partition)' },
  }, async (request) => ({
    brokers: [{ nodeId: 0, host: request.hostname.replace(/:\d+$/, ''), port: request.port ?? 0, partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }], version: API_VERSION }],
    clusterSize: 1, partitionsCount: 1, replicationFactor: 1, gatewayVersion: API_VERSION,
    // No cluster change ever happens to the embedded engine.
    lastCompletedChangeId: '-1',
  }));

  app.get('/v2/status', {
    config: { access: 'public', v2Scope: 'cluster', rateLimit: { max: app.config.rateLimitPublicPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['v2'], summary: 'Trạng thái cụm / cluster status: 204 when ready, else 503' },
  }, async (_request, reply) => {
    const failures = (await Promise.all(app.readinessChecks.map((check) => check()))).filter((f) => f !== null);
    return reply.status(failures.length ? 503 : 204).send();
  });
};

export default routes;
