/**
 * Forms of Circular 03/2025 as PDF: 01–06 for a dossier, and the register (07) of the dossiers
 * received in a period as PDF, CSV or XLSX.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.ts';
import { renderForm, renderForm07, renderRegisterCsv, renderRegisterXlsx, type DossierFormNumber } from '../forms/index.ts';
import { agencySubtree } from '../services/agencies.ts';
import { loadDossier } from '../services/dossiers.ts';
import { agencyHeader, formInput, registerRows } from '../services/form-inputs.ts';
import { lookupPin } from '../services/lookup-pin.ts';
import { lookupUrl } from '../forms/lookup-block.ts';

const TYPES = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/dossiers/:code/forms/:file', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['forms'], summary: 'Biểu mẫu 01–06 của hồ sơ (PDF) / forms 01–06 of a dossier',
      params: { type: 'object', required: ['code', 'file'], properties: { code: { type: 'string', maxLength: 80 }, file: { type: 'string', pattern: '^0[1-6]\\.pdf$' } } },
    },
  }, async (request, reply) => {
    const { code, file } = request.params as { code: string; file: string };
    const no = file.slice(0, 2) as DossierFormNumber;
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const dossier = await loadDossier(app.db, code, scope);
    const input = await formInput(app.db, dossier, no, app.clock.now(), app.calendars);
    if (!input) throw new AppError('FORM_NOT_AVAILABLE');
    // Form 01 carries the lookup QR code and PIN (the second factor of the public lookup).
    if (no === '01') Object.assign(input, { lookup: { pin: lookupPin(app.config.jwtSecret, dossier.code), url: lookupUrl(app.config.publicBaseUrl, dossier.code) } });
    const pdf = await renderForm(no, input as never);
    return reply.type(TYPES.pdf).header('content-disposition', `inline; filename="${dossier.code}-mau-${no}.pdf"`).send(pdf);
  });

  app.get('/api/registers/:file', {
    config: { access: ['receptionist', 'leader', 'supervisor'] },
    schema: {
      tags: ['forms'], summary: 'Sổ theo dõi hồ sơ (mẫu 07) / the dossier register for a period',
      params: { type: 'object', required: ['file'], properties: { file: { type: 'string', enum: ['form-07.pdf', 'form-07.csv', 'form-07.xlsx'] } } },
      querystring: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
    },
  }, async (request, reply) => {
    const format = (request.params as { file: string }).file.split('.')[1] as keyof typeof TYPES;
    const q = request.query as { from: string; to: string };
    // Local (UTC+7) days: from the start of `from` to the end of `to`.
    const from = new Date(`${q.from}T00:00:00+07:00`);
    const to = new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 86_400_000);
    if (to <= from) throw new AppError('VALIDATION_FAILED', [{ field: 'to', message: request.lang === 'vi' ? 'phải không trước ngày bắt đầu' : 'must not be before from' }]);
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const rows = await registerRows(app.db, scope, from, to);
    const agency = await app.db.selectFrom('agencies').selectAll().where('id', '=', request.user.agencyId).executeTakeFirstOrThrow();
    const body = format === 'csv' ? renderRegisterCsv(rows)
      : format === 'xlsx' ? await renderRegisterXlsx(rows)
        : await renderForm07({ agency: await agencyHeader(app.db, agency), issuedAt: app.clock.now(), period: { from, to: new Date(to.getTime() - 1) }, rows });
    return reply.type(TYPES[format]).header('content-disposition', `attachment; filename="so-theo-doi-${q.from}-${q.to}.${format}"`).send(body);
  });
};

export default routes;
