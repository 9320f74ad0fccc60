/**
 * Citizens' lookup by dossier code (no login, rate limited): status and due date for the bare code,
 * the rest with the lookup PIN (`services/lookup.ts`), and the online supplement from the lookup page
 * (`lookup-supplement.ts`). Also the identity check at reception (VNeID account lookup), audited.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { isValidCccd, maskCccd } from '../domain/dossier/index.ts';
import { lookupDossierByCode, lookupView, pinOf, requirePin } from '../services/lookup.ts';
import lookupSupplementRoutes from './lookup-supplement.ts';
import { writeAudit } from '../services/audit.ts';

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const rateLimit = { max: config.rateLimitPublicPerMinute, timeWindow: 60_000 };

  app.get('/api/public/dossiers/:code', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Tra cứu hồ sơ / look up a dossier by code', security: [],
      description: 'The bare code answers the status, the deadline state and the due date only. With the header `X-Lookup-Pin` (the 6-digit PIN printed on form 01) it adds the masked applicant name, the procedure, the documents and the next step in full (what is missing and until when). A wrong PIN is 403 naming `pin`; after 10 wrong PINs for a code, or 30 from an address, within an hour, every PIN on them is 429 for an hour.',
      params: { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 3, maxLength: 80 } } },
    },
  }, async (request, reply) => {
    const dossier = await lookupDossierByCode(app, (request.params as { code: string }).code);
    const withPin = pinOf(request) !== undefined;
    if (withPin) await requirePin(app, request, reply, dossier.code);
    return lookupView(app, dossier, withPin);
  });

  await app.register(lookupSupplementRoutes, { config });

  app.post('/api/identity/check', {
    config: { access: ['receptionist'] },
    schema: {
      tags: ['dossiers'], summary: 'Kiểm tra tài khoản định danh điện tử (VNeID) / check the VNeID account',
      body: { type: 'object', additionalProperties: false, required: ['idNumber'], properties: { idNumber: { type: 'string', pattern: '^[0-9]{12}$' } } },
    },
  }, async (request) => {
    const { idNumber } = request.body as { idNumber: string };
    if (!isValidCccd(idNumber)) throw new AppError('VALIDATION_FAILED', [{ field: 'idNumber', message: request.lang === 'vi' ? 'số định danh cá nhân không hợp lệ' : 'is not a valid personal ID number' }]);
    const result = await app.identity.check(idNumber);
    await writeAudit(app.db, request.auditContext(), { action: 'identity.check', targetType: 'person', targetId: maskCccd(idNumber), after: { hasAccount: result.hasAccount, level: result.level } });
    return { idNumber: maskCccd(idNumber), ...result };
  });
};

export default routes;
