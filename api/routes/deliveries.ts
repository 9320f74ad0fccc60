/**
 * The applicant's delivery log of a dossier (e-mail, SMS: each message, its channel, the masked
 * address, status, attempts, last error, the provider's message id), for the officers who may see
 * the dossier (agency subtree; another agency's dossier is 404).
 */
import type { FastifyPluginAsync } from 'fastify';
import { agencySubtree } from '../services/agencies.ts';
import { deliveryView, listDeliveries } from '../services/applicant-notify/deliveries.ts';
import { loadDossier } from '../services/dossiers.ts';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/dossiers/:code/deliveries', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['dossiers'], summary: 'Thông báo gửi người nộp / messages sent to the applicant',
      description: 'Each message to the applicant (receipt, supplement, result, extension) per channel: `email`, `sms` or `none`; the address masked; status `queued`, `sent`, `failed` or `no-channel`; attempts, last error, provider message id.',
      params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 80 } } },
    },
  }, async (request) => {
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const d = await loadDossier(app.db, (request.params as { code: string }).code, scope);
    return { items: (await listDeliveries(app.db, d.id)).map(deliveryView) };
  });
};

export default routes;
