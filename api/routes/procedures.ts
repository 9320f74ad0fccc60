/** The procedure catalogue: for officers with the form schema, and a public list for citizens. */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { Procedure } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { foldedContains, startsWith } from '../services/search.ts';

/** A catalogue entry as the API shows it. */
export function procedureView(p: Procedure) {
  return {
    id: p.id, nationalCode: p.national_code, nameVi: p.name_vi, nameEn: p.name_en, field: p.field,
    legalLimit: p.legal_limit, fees: p.fees, requiredDocuments: p.required_documents, onlineLevel: p.online_level,
    processId: p.process_id, formSchemaId: p.form_schema_id, handlingAgencyType: p.handling_agency_type, active: p.active,
  };
}

const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/procedures', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['procedures'], summary: 'Danh mục thủ tục hành chính / procedure catalogue',
      description: 'q: part of the name (Vietnamese or English; case and accents ignored) or the start of the national code.',
      querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100 } } },
    },
  }, async (request) => {
    const { q } = request.query as { q?: string };
    let query = app.db.selectFrom('procedures').selectAll();
    if (q) query = query.where(sql<boolean>`(${foldedContains('name_vi', q)} or ${foldedContains('name_en', q)} or ${startsWith('national_code', q)})`);
    return (await query.orderBy('name_vi').execute()).map(procedureView);
  });

  app.get('/api/procedures/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['procedures'], summary: 'Thủ tục và biểu mẫu hồ sơ / a procedure with its form schema', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } },
  }, async (request) => {
    const p = await app.db.selectFrom('procedures').selectAll().where('id', '=', (request.params as { id: string }).id).executeTakeFirst();
    if (!p) throw new AppError('NOT_FOUND');
    return { ...procedureView(p), formSchema: app.formSchemas.get(p.form_schema_id) ?? null, formSchemaResolved: app.formSchemas.resolved(p.form_schema_id) ?? null };
  });

  app.get('/api/public/procedures', {
    config: { access: 'public', rateLimit: { max: app.config.rateLimitPublicPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['public'], summary: 'Danh mục thủ tục (công khai) / public procedure catalogue', security: [] },
  }, async () => {
    const rows = await app.db.selectFrom('procedures').selectAll().where('active', '=', true).orderBy('name_vi').execute();
    return rows.map((p) => ({ id: p.id, nationalCode: p.national_code, nameVi: p.name_vi, nameEn: p.name_en, field: p.field, legalLimit: p.legal_limit, fees: p.fees, requiredDocuments: p.required_documents, onlineLevel: p.online_level }));
  });
};

export default routes;
