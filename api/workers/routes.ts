/**
 * The workers' HTTP routes, one plugin for `app.ts` (after the workers plugin):
 * alerts (list, read, live stream) and handoffs (the other agency's answer, a dossier's list).
 */
import type { FastifyPluginAsync } from 'fastify';
import alertRoutes from './alert-routes.ts';
import handoffRoutes from './handoff-routes.ts';

const workerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(alertRoutes);
  await app.register(handoffRoutes);
};

export default workerRoutes;
