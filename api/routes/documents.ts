/**
 * Documents of a dossier: scans of the inputs, supplements and results with their digitisation
 * metadata (Decree 118 Art. 19), stored behind the storage interface. Size and type are checked
 * before anything is stored; the type by the file's own bytes, not its declared name.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { validateValue } from '../validation.ts';
import { readMultipart, unstorableParts } from './multipart.ts';
import { agencySubtree } from '../services/agencies.ts';
import { storeDocument } from '../services/documents.ts';
import { loadDossier } from '../services/dossiers.ts';

const fieldsSchema = {
  type: 'object', additionalProperties: false, required: ['kind', 'typeCode', 'title', 'metadata'],
  properties: {
    kind: { type: 'string', enum: ['input', 'supplement', 'result'] },
    typeCode: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,40}$' },
    title: { type: 'string', minLength: 2, maxLength: 300 },
    metadata: {
      type: 'object', additionalProperties: false, required: ['idNumber', 'holderName', 'summary', 'validUntil', 'scope'],
      properties: {
        idNumber: { type: 'string', pattern: '^[0-9]{9,12}$' },
        holderName: { type: 'string', minLength: 2, maxLength: 200 },
        summary: { type: 'string', minLength: 2, maxLength: 2000 },
        validUntil: { anyOf: [{ type: 'string', format: 'date' }, { const: 'indefinite' }] },
        scope: { type: 'string', minLength: 2, maxLength: 300 },
      },
    },
  },
} as const;

interface UploadFields {
  kind: 'input' | 'supplement' | 'result';
  typeCode: string;
  title: string;
  metadata: Record<string, unknown>;
}

async function readUpload(request: FastifyRequest): Promise<{ fields: UploadFields; file: Buffer; fileName: string }> {
  const raw: Record<string, unknown> = {};
  let file: Buffer | undefined;
  let fileName = 'document';
  let givenName: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      file = await part.toBuffer();
      givenName = part.filename;
      fileName = part.filename.normalize('NFC').slice(0, 200) || fileName;
    } else if (part.fieldname === 'metadata') {
      try {
        raw.metadata = JSON.parse(String(part.value));
      } catch {
        raw.metadata = String(part.value);
      }
    } else {
      raw[part.fieldname] = part.value;
    }
  }
  // Text the database cannot store (NUL, lone surrogates) first, then the schema, one message per field.
  const unstorable = unstorableParts(raw, givenName, request.lang);
  const errors = [...unstorable, ...validateValue(fieldsSchema, raw, request.lang).filter((e) => !unstorable.some((u) => u.field === e.field))];
  if (!file) errors.push({ field: 'file', message: request.lang === 'vi' ? 'là trường bắt buộc' : 'is required' });
  if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
  return { fields: raw as unknown as UploadFields, file: file!, fileName };
}

const codeParams = { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 80 } } } as const;

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  await app.register(multipart, { limits: { fileSize: config.documentMaxBytes, files: 1, fields: 10, fieldSize: 10_000 }, throwFileSizeLimit: true });

  app.post('/api/dossiers/:code/documents', {
    config: { access: ['receptionist', 'specialist', 'leader'] },
    schema: { tags: ['documents'], summary: 'Số hóa giấy tờ / upload a scanned document (multipart: kind, typeCode, title, metadata JSON, file)', params: codeParams },
  }, async (request, reply) => {
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const dossier = await loadDossier(app.db, (request.params as { code: string }).code, scope);
    const { fields, file, fileName } = await readMultipart(() => readUpload(request));
    return reply.status(201).send(await storeDocument(app, { dossier, fields, file, fileName, audit: request.auditContext(), createdBy: request.user.id }));
  });

  app.get('/api/dossiers/:code/documents', {
    config: { access: 'authenticated' },
    schema: { tags: ['documents'], summary: 'Giấy tờ của hồ sơ / documents of a dossier', params: codeParams },
  }, async (request) => {
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const dossier = await loadDossier(app.db, (request.params as { code: string }).code, scope);
    const rows = await app.db.selectFrom('documents').selectAll().where('dossier_id', '=', dossier.id).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, typeCode: r.type_code, title: r.title, metadata: r.metadata, fileName: r.file_name, mimeType: r.mime_type, size: r.size, sha256: r.sha256, createdAt: r.created_at.toISOString() }));
  });

  app.get('/api/dossiers/:code/documents/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['documents'], summary: 'Tải giấy tờ / download a document', params: { type: 'object', required: ['code', 'id'], properties: { code: { type: 'string', maxLength: 80 }, id: { type: 'string', format: 'uuid' } } } },
  }, async (request, reply) => {
    const { code, id } = request.params as { code: string; id: string };
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const dossier = await loadDossier(app.db, code, scope);
    const doc = await app.db.selectFrom('documents').selectAll().where('id', '=', id).where('dossier_id', '=', dossier.id).executeTakeFirst();
    if (!doc) throw new AppError('NOT_FOUND');
    return reply.type(doc.mime_type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.file_name)}`).send(await app.storage.get(doc.storage_key));
  });
};

export default routes;
