/**
 * The online supplement from the lookup page (code + PIN, no login; issue 14): while a dossier waits
 * for a supplement and its period runs (Decree 118 Art. 19.5), the applicant uploads the missing
 * documents, one file a request (checked by content, at most DOCUMENT_MAX_BYTES, each stored with its
 * audit row in one transaction), then declares the supplement complete, which applies the same
 * `receive_supplement` action as the counter (`services/dossier-actions.ts`): the time limit
 * restarts and the process goes on. Open to every channel — the PIN is printed on form 01 of a
 * counter dossier too; the history row says `channel: online` (shown on the officers' timeline as
 * «Hình thức nộp: Trực tuyến») and `via: lookup`.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Config } from '../config.ts';
import type { Dossier } from '../db/database.ts';
import { AppError, type Lang } from '../errors.ts';
import { fileTypeOf } from '../domain/documents/file-types.ts';
import { supplementOpen } from '../domain/lookup/next-step.ts';
import { isStorableText, unstorableText, unstorableTextError } from '../plugins/bad-input.ts';
import { runAction } from '../services/dossier-actions.ts';
import { stateFromJson } from '../services/dossier-codec.ts';
import { storeDocument } from '../services/documents.ts';
import { dossierByCode, lookupAudit, lookupView, requirePin } from '../services/lookup.ts';
import { fieldErrors, validateValue } from '../validation.ts';
import { readMultipart } from './multipart.ts';

const fieldsSchema = {
  type: 'object', additionalProperties: false, required: ['title'],
  properties: { title: { type: 'string', minLength: 2, maxLength: 300 } },
} as const;

const params = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 3, maxLength: 80 } } } as const;

/** 409 unless the dossier waits for a supplement and its period has not ended. */
function checkOpen(d: Dossier, now: Date): void {
  const state = stateFromJson(d.state);
  if (state.status !== 'supplement_requested') throw new AppError('SUPPLEMENT_NOT_OPEN');
  if (!supplementOpen(state, now)) throw new AppError('SUPPLEMENT_PERIOD_OVER');
}

const mb = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const rateLimit = { max: config.rateLimitPublicPerMinute, timeWindow: 60_000 };
  await app.register(multipart, { limits: { fileSize: config.documentMaxBytes, files: 1, fields: 3, fieldSize: 2_000 }, throwFileSizeLimit: true });

  /** The title and the file of an upload, every bad field named; the file's type and size explained. */
  async function readUpload(request: FastifyRequest, lang: Lang) {
    const vi = lang === 'vi';
    return readMultipart(async () => {
      const raw: Record<string, unknown> = {};
      let file: Buffer | undefined;
      let fileName = 'bo-sung';
      let badFileName = false;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          try {
            file = await part.toBuffer();
          } catch (err) {
            if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
              throw new AppError('FILE_TOO_LARGE', [{ field: 'file', message: vi ? `tệp lớn hơn ${mb(config.documentMaxBytes)}` : `is larger than ${mb(config.documentMaxBytes)}` }]);
            }
            throw err;
          }
          badFileName ||= !isStorableText(part.filename);
          fileName = part.filename.normalize('NFC').slice(0, 200) || fileName;
        } else raw[part.fieldname] = part.value;
      }
      const unstorable = fieldErrors('body', unstorableText(raw), lang);
      const errors = [...unstorable, ...validateValue(fieldsSchema, raw, lang).filter((e) => !unstorable.some((u) => u.field === e.field))];
      if (!file) errors.push({ field: 'file', message: vi ? 'là trường bắt buộc' : 'is required' });
      if (badFileName) errors.push(...fieldErrors('file', [unstorableTextError()], lang));
      if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
      if (!fileTypeOf(file!)) {
        throw new AppError('FILE_TYPE_NOT_ALLOWED', [{ field: 'file', message: vi ? 'chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF (kiểm tra theo nội dung tệp)' : 'must be a PDF, JPEG, PNG or TIFF file (checked by its content)' }]);
      }
      return { title: (raw.title as string).trim(), file: file!, fileName };
    });
  }

  app.post('/api/public/dossiers/:code/supplement/documents', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Tải giấy tờ bổ sung (mã hồ sơ + PIN) / upload a supplement document (code + PIN)', security: [],
      description: 'Header `X-Lookup-Pin`. Multipart: `title`, `file` (PDF, JPEG, PNG or TIFF by content, at most DOCUMENT_MAX_BYTES). Only while the dossier waits for a supplement and before its supplement deadline (409 otherwise). A refused upload stores nothing.',
      params,
    },
  }, async (request, reply) => {
    const dossier = await dossierByCode(app, (request.params as { code: string }).code);
    await requirePin(app, request, reply, dossier.code);
    checkOpen(dossier, app.clock.now());
    const { title, file, fileName } = await readUpload(request, request.lang);
    const doc = await storeDocument(app, {
      dossier, file, fileName, createdBy: null, audit: lookupAudit(request),
      fields: {
        kind: 'supplement', typeCode: 'supplement-online', title,
        metadata: { idNumber: dossier.applicant_id_number, holderName: dossier.applicant_name, summary: title, validUntil: 'indefinite', scope: 'Bổ sung trực tuyến' },
      },
    });
    return reply.status(201).send({ id: doc.id, kind: doc.kind, title: doc.title, fileName: doc.fileName, mimeType: doc.mimeType, size: doc.size });
  });

  app.post('/api/public/dossiers/:code/supplement', {
    config: { access: 'public', rateLimit },
    // A declaration without fields may be posted without a body.
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
    schema: {
      tags: ['public'], summary: 'Đã bổ sung đủ (mã hồ sơ + PIN) / the supplement is complete (code + PIN)', security: [],
      description: 'Header `X-Lookup-Pin`. Applies the counter\'s receive-supplement step: the time limit restarts (Decree 118 Art. 19.5) and the process continues. 409 when the dossier is not waiting for a supplement, its period is over, or nothing was uploaded. Answers the lookup view.',
      params,
      body: { type: 'object', additionalProperties: false, properties: {} },
    },
  }, async (request, reply) => {
    const code = (await dossierByCode(app, (request.params as { code: string }).code)).code;
    await requirePin(app, request, reply, code);
    const now = app.clock.now();
    const updated = await app.db.transaction().execute(async (tx) => {
      const dossier = await tx.selectFrom('dossiers').selectAll().where('code', '=', code).forUpdate().executeTakeFirstOrThrow();
      checkOpen(dossier, now);
      const docs = await tx.selectFrom('documents').select((eb) => eb.fn.countAll<string>().as('n')).where('dossier_id', '=', dossier.id).where('kind', '=', 'supplement').executeTakeFirstOrThrow();
      if (Number(docs.n) === 0) throw new AppError('SUPPLEMENT_NOTHING_UPLOADED');
      return runAction(tx, {
        dossier, action: 'receive_supplement', body: { channel: 'online', via: 'lookup', documents: Number(docs.n) },
        user: { id: '', roles: [] }, actor: { id: null, roles: ['applicant'] }, audit: lookupAudit(request),
        now, calendars: app.calendars, policy: app.slaPolicy, lang: request.lang,
      });
    });
    return lookupView(app, updated, true);
  });
};

export default routes;
