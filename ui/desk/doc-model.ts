/**
 * Scanned documents of a dossier (Decree 118 Art. 19): the file, its kind and type code, its title
 * and the digitisation metadata. Files are checked before upload as the API checks them (type by
 * content: PDF, JPEG, PNG, TIFF; size) and uploaded once the dossier has its code.
 */
import { api, ApiError } from '../shared/api.ts';
import type { Messages } from '../shared/messages/vi.ts';
import { getSession } from '../shared/session.ts';
import { fileTypeOf, SIGNATURE_BYTES } from '../../api/domain/documents/file-types.ts';

/** The server's `DOCUMENT_MAX_BYTES` (from /api/me at login; the API's default before that). It refuses with 413 above it. */
export const maxBytes = (): number => getSession()?.user.limits?.documentMaxBytes ?? 20 * 1024 * 1024;

export type UploadStatus = 'pending' | 'uploading' | 'done' | 'failed';

export interface DocEntry {
  key: string;
  /** Null after a page reload: the file must be chosen again (the draft keeps what was typed). */
  file: File | null;
  fileName: string;
  size: number;
  mime: string;
  kind: 'input' | 'supplement' | 'result';
  typeCode: string;
  title: string;
  idNumber: string;
  holderName: string;
  summary: string;
  validUntil: string;
  indefinite: boolean;
  scope: string;
  status: UploadStatus;
  /** The upload's error, and the API's messages by field (`title`, `metadata.idNumber`, `file`). */
  error?: string;
  errors?: Record<string, string>;
}

export interface Refused {
  name: string;
  reason: string;
}

/** The type of a file from its first bytes (as the API recognises it), or null. */
export async function sniff(file: File): Promise<string | null> {
  return fileTypeOf(new Uint8Array(await file.slice(0, SIGNATURE_BYTES).arrayBuffer()));
}

export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`;
}

let seq = 0;

/** Sorts the dropped or picked files into new entries and refused ones (with the reason). */
export async function admit(files: File[], defaults: Partial<DocEntry>, m: Messages): Promise<{ added: DocEntry[]; refused: Refused[] }> {
  const added: DocEntry[] = [];
  const refused: Refused[] = [];
  for (const file of files) {
    if (file.size > maxBytes()) { refused.push({ name: file.name, reason: m.desk.docs.tooBig(sizeText(file.size), sizeText(maxBytes())) }); continue; }
    if (file.size === 0) { refused.push({ name: file.name, reason: m.desk.docs.empty }); continue; }
    const mime = await sniff(file);
    if (!mime) { refused.push({ name: file.name, reason: m.desk.docs.badType }); continue; }
    added.push({
      key: `${Date.now().toString(36)}-${++seq}`, file, fileName: file.name, size: file.size, mime,
      kind: 'input', typeCode: '', title: file.name.replace(/\.[^.]+$/, '').slice(0, 300), idNumber: '', holderName: '', summary: '',
      validUntil: '', indefinite: true, scope: '', status: 'pending', ...defaults,
    });
  }
  return { added, refused };
}

const TYPE_CODE = /^[A-Za-z0-9._-]{1,40}$/;

/** Checks an entry as the API will (field → message). */
export function checkDoc(d: DocEntry, m: Messages): Record<string, string> {
  const c = m.desk.check;
  const out: Record<string, string> = {};
  const len = (v: string, min: number, max: number) => (!v.trim() ? c.required : [...v.trim()].length < min ? c.minLength(min) : [...v.trim()].length > max ? c.maxLength(max) : undefined);
  if (!d.file) out.file = m.desk.docs.chooseAgain;
  if (!d.typeCode.trim()) out.typeCode = c.required;
  else if (!TYPE_CODE.test(d.typeCode.trim())) out.typeCode = m.desk.docs.typeCodeFormat;
  const checks: Array<[string, string | undefined]> = [
    ['title', len(d.title, 2, 300)],
    ['metadata.idNumber', !d.idNumber.trim() ? c.required : /^[0-9]{9,12}$/.test(d.idNumber.trim()) ? undefined : m.desk.docs.idNumberFormat],
    ['metadata.holderName', len(d.holderName, 2, 200)],
    ['metadata.summary', len(d.summary, 2, 2000)],
    ['metadata.validUntil', d.indefinite ? undefined : !d.validUntil ? c.required : /^\d{4}-\d{2}-\d{2}$/.test(d.validUntil) ? undefined : c.date],
    ['metadata.scope', len(d.scope, 2, 300)],
  ];
  for (const [k, v] of checks) if (v) out[k] = v;
  return out;
}

/** Uploads one entry to the dossier; resolves to the entry's new state (done, or failed with the API's messages). */
export async function uploadDoc(code: string, d: DocEntry, m: Messages): Promise<Partial<DocEntry>> {
  if (!d.file) return { status: 'failed', error: m.desk.docs.chooseAgain };
  const form = new FormData();
  form.append('kind', d.kind);
  form.append('typeCode', d.typeCode.trim());
  form.append('title', d.title.trim());
  form.append('metadata', JSON.stringify({
    idNumber: d.idNumber.trim(), holderName: d.holderName.trim(), summary: d.summary.trim(),
    validUntil: d.indefinite ? 'indefinite' : d.validUntil, scope: d.scope.trim(),
  }));
  form.append('file', d.file, d.fileName);
  try {
    await api.upload(`/api/dossiers/${encodeURIComponent(code)}/documents`, form);
    return { status: 'done', error: undefined, errors: undefined };
  } catch (err) {
    if (!(err instanceof ApiError)) return { status: 'failed', error: m.errors.generic };
    const errors: Record<string, string> = {};
    for (const e of err.details) errors[e.field] = e.message;
    const reason = err.status === 413 ? m.desk.docs.tooBigServer : err.status === 415 ? m.desk.docs.badTypeServer : '';
    return { status: 'failed', error: [err.message, reason].filter(Boolean).join(' — '), errors };
  }
}

/** What the draft keeps of an entry (a File cannot be stored). */
export function storable(d: DocEntry): Omit<DocEntry, 'file'> & { file: null } {
  return { ...d, file: null, status: d.status === 'uploading' ? 'pending' : d.status };
}
