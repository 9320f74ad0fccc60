/** `GET /api/dossiers/:code/process`: the dossier's process diagram and where it stands (the dossier page). */
import type { FastifyPluginAsync } from 'fastify';
import { agencySubtree } from '../services/agencies.ts';
import { dossierProcess } from '../services/dossier-process.ts';
import { loadDossier } from '../services/dossiers.ts';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/dossiers/:code/process', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['dossiers'], summary: 'Sơ đồ quy trình của hồ sơ / the dossier\'s process diagram with active, completed and incident elements',
      params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 80 } } },
    },
  }, async (request) => {
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const dossier = await loadDossier(app.db, (request.params as { code: string }).code, scope);
    return dossierProcess(app.db, app.engine, dossier);
  });
};

export default routes;
