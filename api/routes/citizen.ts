/**
 * Citizens online (no officer login; rate limited like every public route): one procedure with its
 * form schema, the centres that receive dossiers, the applicant's identification through the
 * identity provider (a short-lived applicant token), online submission (Decree 118 Art. 17.2: the
 * dossier registered for review within 8 working hours) and the applicant's own documents.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Config } from '../config.ts';
import type { Procedure } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { isValidCccd, maskCccd } from '../domain/dossier/index.ts';
import { fieldErrors, validateValue } from '../validation.ts';
import { isStorableText, unstorableText, unstorableTextError } from '../plugins/bad-input.ts';
import { applicantAudit, applicantOf, isApplicant, signApplicantToken, type Applicant } from '../services/applicant-token.ts';
import { writeAudit } from '../services/audit.ts';
import { storeDocument } from '../services/documents.ts';
import { checkReceiveBody, receiveDossier, type ReceiveBody } from '../services/reception.ts';
import { formDataSchema } from './dossiers.ts';
import { reviewState } from './dossier-view.ts';
import { stateFromJson } from '../services/dossier-codec.ts';
import { readMultipart } from './multipart.ts';
import { lookupPin } from '../services/lookup-pin.ts';

/** Online levels that allow submitting online (full: everything online; partial: submitted online, some steps in person). */
export const ONLINE_LEVELS = ['full', 'partial'];

const publicProcedure = (p: Procedure) => ({
  id: p.id, nationalCode: p.national_code, nameVi: p.name_vi, nameEn: p.name_en, field: p.field, legalLimit: p.legal_limit,
  fees: p.fees, requiredDocuments: p.required_documents, onlineLevel: p.online_level, active: p.active,
});

const uploadSchema = {
  type: 'object', additionalProperties: false, required: ['title'],
  properties: { title: { type: 'string', minLength: 2, maxLength: 300 }, typeCode: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,40}$' } },
} as const;

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const rateLimit = { max: config.rateLimitPublicPerMinute, timeWindow: 60_000 };
  await app.register(multipart, { limits: { fileSize: config.documentMaxBytes, files: 1, fields: 5, fieldSize: 2_000 }, throwFileSizeLimit: true });
  const applicant = (request: FastifyRequest): Applicant => applicantOf(config.jwtSecret, request.headers.authorization, app.clock.now());
  const centres = () => app.db.selectFrom('agencies').select(['id', 'code', 'name']).where('type', '=', 'commune_centre').where('disabled', '=', false).orderBy('id').execute();

  app.get('/api/public/centres', {
    config: { access: 'public', rateLimit },
    schema: { tags: ['public'], summary: 'Nơi tiếp nhận hồ sơ / the centres that receive dossiers', security: [] },
  }, async () => centres());

  app.get('/api/public/procedures/:id', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Thủ tục và biểu mẫu (công khai) / a procedure with its form (public)', security: [],
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
    },
  }, async (request) => {
    const p = await app.db.selectFrom('procedures').selectAll().where('id', '=', (request.params as { id: string }).id).where('active', '=', true).executeTakeFirst();
    if (!p) throw new AppError('NOT_FOUND');
    return { ...publicProcedure(p), online: ONLINE_LEVELS.includes(p.online_level), formSchemaResolved: app.formSchemas.resolved(p.form_schema_id) ?? null };
  });

  app.post('/api/public/identify', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Xác thực người nộp (VNeID) / identify the applicant', security: [],
      description: 'The identity provider verifies the person. Demo provider: the one-time code is the last six digits of the ID number reversed (a real provider does OpenID Connect). Returns a 30-minute applicant token for POST /api/public/dossiers and the documents of that person\'s own online dossiers.',
      body: {
        type: 'object', additionalProperties: false, required: ['idNumber', 'oneTimeCode'],
        properties: { idNumber: { type: 'string', pattern: '^[0-9]{12}$' }, oneTimeCode: { type: 'string', pattern: '^[0-9]{6}$' } },
      },
    },
  }, async (request) => {
    const { idNumber, oneTimeCode } = request.body as { idNumber: string; oneTimeCode: string };
    if (!isValidCccd(idNumber)) throw new AppError('VALIDATION_FAILED', [{ field: 'idNumber', message: request.lang === 'vi' ? 'số định danh cá nhân không hợp lệ' : 'is not a valid personal ID number' }]);
    const check = await app.identity.check(idNumber);
    const verified = !!app.identity.verify && await app.identity.verify(idNumber, oneTimeCode);
    await writeAudit(app.db, applicantAudit({ masked: maskCccd(idNumber) }, request), { action: 'applicant.identify', targetType: 'person', targetId: maskCccd(idNumber), after: { verified, provider: check.provider, level: check.level } });
    if (!verified) throw new AppError('IDENTITY_NOT_VERIFIED', [{ field: 'oneTimeCode', message: request.lang === 'vi' ? 'mã xác thực không đúng hoặc chưa có tài khoản VNeID' : 'wrong code, or no VNeID account' }]);
    const { token, expiresAt } = signApplicantToken(config.jwtSecret, idNumber, check.level, app.clock.now());
    return { token, expiresAt, idNumber: maskCccd(idNumber), level: check.level, provider: check.provider };
  });

  app.post('/api/public/dossiers', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Nộp hồ sơ trực tuyến / submit a dossier online', security: [],
      description: 'Authorization: Bearer <applicant token from POST /api/public/identify>. formData is the procedure\'s form (GET /api/public/procedures/:id); the applicant\'s personalId must be the identified person\'s. The dossier is registered (status registered, channel online) at centreId (default: the first centre) for review within 8 working hours.',
      body: {
        type: 'object', additionalProperties: false, required: ['procedureId', 'formData'],
        properties: { procedureId: { type: 'string', maxLength: 100 }, centreId: { type: 'string', maxLength: 100 }, formData: formDataSchema },
      },
    },
  }, async (request, reply) => {
    const a = applicant(request);
    const raw = request.body as { procedureId: string; centreId?: string; formData: ReceiveBody['formData'] };
    const body: ReceiveBody = { procedureId: raw.procedureId, channel: 'online', formData: raw.formData };
    const procedure = await checkReceiveBody(app, request.lang, body);
    const vi = request.lang === 'vi';
    if (!ONLINE_LEVELS.includes(procedure.online_level)) throw new AppError('NOT_ONLINE_PROCEDURE', [{ field: 'procedureId', message: vi ? 'thủ tục này chỉ nộp trực tiếp' : 'this procedure is submitted in person only' }]);
    if (!isApplicant(config.jwtSecret, a, body.formData.applicant.personalId)) throw new AppError('NOT_OWN_IDENTITY', [{ field: 'formData.applicant.personalId', message: vi ? 'phải là số định danh đã xác thực' : 'must be the verified personal ID number' }]);
    const list = await centres();
    const centre = raw.centreId ? list.find((c) => c.id === raw.centreId) : list[0];
    if (!centre) throw new AppError('VALIDATION_FAILED', [{ field: 'centreId', message: vi ? 'không có nơi tiếp nhận này' : 'no such centre' }]);
    const dossier = await receiveDossier(app, { body, procedure, agencyId: centre.id, actor: { roles: ['applicant'], id: null }, audit: applicantAudit(a, request), createdBy: null, lang: request.lang });
    const review = reviewState(await app.calendars.forAgency(centre.id), stateFromJson(dossier.state), app.clock.now(), app.slaPolicy);
    return reply.status(201).send({
      code: dossier.code, status: dossier.status, channel: dossier.channel, procedure: { id: procedure.id, nameVi: procedure.name_vi, nameEn: procedure.name_en },
      centre: centre.name, submittedAt: dossier.submitted_at?.toISOString() ?? null, reviewDueAt: review.reviewDueAt, lookup: `/tra-cuu?ma=${encodeURIComponent(dossier.code)}`,
      // The second factor of the public lookup, for the identified applicant (form 01 prints it too).
      lookupPin: lookupPin(config.jwtSecret, dossier.code),
    });
  });

  app.post('/api/public/dossiers/:code/documents', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Người nộp tải giấy tờ / the applicant uploads a document (multipart: title, typeCode?, file)', security: [],
      description: 'Authorization: Bearer <applicant token>. Only to the identified person\'s own online dossier while it waits for review. PDF, JPEG, PNG or TIFF (by content), at most DOCUMENT_MAX_BYTES.',
      params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 80 } } },
    },
  }, async (request, reply) => {
    const a = applicant(request);
    const dossier = await app.db.selectFrom('dossiers').selectAll().where('code', '=', (request.params as { code: string }).code).executeTakeFirst();
    // Another person's dossier is indistinguishable from none.
    if (!dossier || dossier.channel !== 'online' || !dossier.applicant_id_number || !isApplicant(config.jwtSecret, a, dossier.applicant_id_number)) throw new AppError('NOT_FOUND');
    if (dossier.status !== 'registered') throw new AppError('ONLINE_UPLOAD_CLOSED');
    const { fields, file, fileName } = await readMultipart(async () => {
      const raw: Record<string, unknown> = {};
      let file: Buffer | undefined;
      let fileName = 'document';
      let badFileName = false;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          file = await part.toBuffer();
          badFileName ||= !isStorableText(part.filename);
          fileName = part.filename.normalize('NFC').slice(0, 200) || fileName;
        } else raw[part.fieldname] = part.value;
      }
      // As the officers' upload: text the database cannot store first, then the schema, one message per field.
      const unstorable = fieldErrors('body', unstorableText(raw), request.lang);
      const errors = [...unstorable, ...validateValue(uploadSchema, raw, request.lang).filter((e) => !unstorable.some((u) => u.field === e.field))];
      if (!file) errors.push({ field: 'file', message: request.lang === 'vi' ? 'là trường bắt buộc' : 'is required' });
      if (badFileName) errors.push(...fieldErrors('file', [unstorableTextError()], request.lang));
      if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
      return { fields: raw as { title: string; typeCode?: string }, file: file!, fileName };
    });
    const title = fields.title.trim();
    const doc = await storeDocument(app, {
      dossier, file, fileName, createdBy: null, audit: applicantAudit(a, request),
      fields: {
        kind: 'input', typeCode: fields.typeCode ?? 'online', title,
        metadata: { idNumber: dossier.applicant_id_number, holderName: dossier.applicant_name, summary: title, validUntil: 'indefinite', scope: 'Nộp trực tuyến' },
      },
    });
    return reply.status(201).send({ id: doc.id, title: doc.title, fileName: doc.fileName, mimeType: doc.mimeType, size: doc.size });
  });
};

export default routes;
