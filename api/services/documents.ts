/**
 * Storing one document of a dossier: its type checked by its own bytes (PDF, JPEG, PNG, TIFF), the
 * file put in storage, then its row and audit row in one transaction (the file removed again if
 * that fails). Used by officers' uploads and by the applicant's own online uploads.
 */
import type { FastifyInstance } from 'fastify';
import type { Dossier } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { fileTypeOf } from '../domain/documents/file-types.ts';
import { writeAudit, type AuditContext } from './audit.ts';

export interface NewDocument {
  kind: 'input' | 'supplement' | 'result';
  typeCode: string;
  title: string;
  metadata: Record<string, unknown>;
}

export async function storeDocument(app: FastifyInstance, args: { dossier: Dossier; fields: NewDocument; file: Buffer; fileName: string; audit: AuditContext; createdBy: string | null }) {
  const { dossier, fields, file } = args;
  const mime = fileTypeOf(file);
  if (!mime) throw new AppError('FILE_TYPE_NOT_ALLOWED', [{ field: 'file', message: 'PDF, JPEG, PNG, TIFF' }]);
  const stored = await app.storage.put(file);
  try {
    const row = await app.db.transaction().execute(async (tx) => {
      const doc = await tx.insertInto('documents').values({
        dossier_id: dossier.id, kind: fields.kind, type_code: fields.typeCode, title: fields.title.normalize('NFC'), metadata: JSON.stringify(fields.metadata),
        file_name: args.fileName, mime_type: mime, size: stored.size, sha256: stored.sha256, storage_key: stored.key, created_by: args.createdBy,
      }).returningAll().executeTakeFirstOrThrow();
      await writeAudit(tx, args.audit, { action: 'document.upload', targetType: 'dossier', targetId: dossier.code, agencyId: dossier.receiving_agency_id, after: { documentId: doc.id, kind: doc.kind, typeCode: doc.type_code, size: doc.size, sha256: doc.sha256 } });
      return doc;
    });
    return { id: row.id, kind: row.kind, typeCode: row.type_code, title: row.title, metadata: row.metadata, fileName: row.file_name, mimeType: row.mime_type, size: row.size, sha256: row.sha256, createdAt: row.created_at.toISOString() };
  } catch (err) {
    await app.storage.remove(stored.key);
    throw err;
  }
}
