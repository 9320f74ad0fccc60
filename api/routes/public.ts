/**
 * Citizens' lookup by dossier code (no login, rate limited): status and due date, with personal
 * data masked. Also the identity check at reception (VNeID account lookup), audited.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { isValidCccd, maskCccd, maskName, normalizeDossierCode, STATUS_INFO, type DossierStatus } from '../domain/dossier/index.ts';
import { formatVnInstant } from '../domain/calendar/index.ts';
import { writeAudit } from '../services/audit.ts';

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const rateLimit = { max: config.rateLimitPublicPerMinute, timeWindow: 60_000 };

  app.get('/api/public/dossiers/:code', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Tra cứu hồ sơ / look up a dossier by code', security: [],
      params: { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 3, maxLength: 80 } } },
    },
  }, async (request) => {
    const code = normalizeDossierCode((request.params as { code: string }).code);
    const d = await app.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id').innerJoin('agencies', 'agencies.id', 'dossiers.receiving_agency_id')
      .select(['dossiers.code', 'dossiers.status', 'dossiers.applicant_name', 'dossiers.received_at', 'dossiers.due_at', 'dossiers.finished_at', 'dossiers.submitted_at', 'procedures.name_vi', 'procedures.name_en', 'agencies.name as agency_name'])
      .where('dossiers.code', '=', code).executeTakeFirst();
    if (!d) throw new AppError('NOT_FOUND');
    const status = STATUS_INFO[d.status as DossierStatus];
    const vn = (x: Date | null) => (x ? formatVnInstant(x) : null);
    return {
      code: d.code, procedureVi: d.name_vi, procedureEn: d.name_en, agency: d.agency_name,
      applicant: maskName(d.applicant_name), status: d.status, statusCode: status.code, statusVi: status.vi, statusEn: status.en,
      submittedAt: vn(d.submitted_at), receivedAt: vn(d.received_at), dueAt: vn(d.due_at), finishedAt: vn(d.finished_at),
    };
  });

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
