/**
 * The citizens' lookup by dossier code (Decree 118; issues 11.6 and 14). Codes are sequential, so the
 * bare code shows the status, the deadline state and the due date only; the code with its lookup PIN
 * (`lookup-pin.ts`, printed on form 01) adds the masked applicant name, the procedure, the documents
 * and the details of what to do next (what is missing and until when). Wrong PINs are counted per code
 * and per address (`lookup-throttle.ts`) with an audit row; the PIN travels in the `X-Lookup-Pin`
 * header, never in the URL, so it is not logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dossier } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { formatVnInstant } from '../domain/calendar/index.ts';
import { maskName, normalizeDossierCode, STATUS_INFO, type DossierStatus } from '../domain/dossier/index.ts';
import { nextStep } from '../domain/lookup/next-step.ts';
import { slaState } from '../routes/dossier-view.ts';
import { writeAudit, type AuditContext } from './audit.ts';
import { stateFromJson } from './dossier-codec.ts';
import { verifyLookupPin } from './lookup-pin.ts';
import { pinLockedUntil, pinThrottleKeys, recordPinFailure } from './lookup-throttle.ts';
import { rateLimitKey } from '../plugins/security.ts';
import { preparing } from '../db/prepared-statements.ts';

/** The header that carries the PIN. */
export const PIN_HEADER = 'x-lookup-pin';

/** The audit actor of a citizen acting with the code and PIN: no user, the channel named. */
export function lookupAudit(request: FastifyRequest): AuditContext {
  return { actorId: null, actorUsername: 'applicant:lookup-pin', actorRoles: ['applicant'], agencyId: null, requestId: request.id, ip: request.ip };
}

/** The dossier of a code, or 404. */
export async function dossierByCode(app: FastifyInstance, rawCode: string): Promise<Dossier> {
  const d = await app.db.selectFrom('dossiers').selectAll().where('code', '=', normalizeDossierCode(rawCode)).executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND');
  return d;
}

/** What the lookup view reads of a dossier: not its form, its applicant record or its files' metadata. */
const LOOKUP_COLUMNS = ['id', 'code', 'state', 'receiving_agency_id', 'procedure_id', 'channel', 'applicant_name', 'finished_at'] as const;
export type LookupDossier = Pick<Dossier, (typeof LOOKUP_COLUMNS)[number]>;

/** The dossier of a code as the public lookup shows it, or 404 (the citizens' busiest request: one narrow row by key, prepared). */
export async function lookupDossierByCode(app: FastifyInstance, rawCode: string): Promise<LookupDossier> {
  const d = await preparing(app.db).selectFrom('dossiers').select(LOOKUP_COLUMNS).where('code', '=', normalizeDossierCode(rawCode)).executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND');
  return d;
}

/** The PIN the request carries, if any. */
export function pinOf(request: FastifyRequest): string | undefined {
  const v = request.headers[PIN_HEADER];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Checks the request's PIN for a dossier code: 429 while the code or the address is locked (whatever
 * the PIN), 403 naming the field `pin` when it is missing or wrong (counted, audited).
 */
export async function requirePin(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, code: string): Promise<void> {
  const now = app.clock.now();
  const keys = pinThrottleKeys(code, rateLimitKey(request));
  const lockEnd = await pinLockedUntil(app.db, keys, now);
  if (lockEnd) {
    reply.header('retry-after', String(Math.max(1, Math.ceil((lockEnd.getTime() - now.getTime()) / 1000))));
    throw new AppError('LOOKUP_PIN_LOCKED');
  }
  const vi = request.lang === 'vi';
  const pin = pinOf(request);
  if (pin === undefined) throw new AppError('WRONG_LOOKUP_PIN', [{ field: 'pin', message: vi ? 'là trường bắt buộc' : 'is required' }]);
  if (verifyLookupPin(app.config.jwtSecret, code, pin)) return;
  await app.db.transaction().execute(async (tx) => {
    await recordPinFailure(tx, keys, now);
    await writeAudit(tx, lookupAudit(request), { action: 'lookup.pin_failed', targetType: 'dossier', targetId: code });
  });
  throw new AppError('WRONG_LOOKUP_PIN', [{ field: 'pin', message: vi ? 'không đúng mã tra cứu in trên phiếu tiếp nhận' : 'is not the lookup PIN printed on the receipt' }]);
}

const vn = (x: Date | null | undefined) => (x ? formatVnInstant(x) : null);

/** The supplement request's items and reason (the latest `request_supplement` history row). */
async function supplementRequest(app: FastifyInstance, dossierId: string) {
  const row = await app.db.selectFrom('dossier_history').select('details').where('dossier_id', '=', dossierId).where('action', '=', 'request_supplement').orderBy('id', 'desc').executeTakeFirst();
  const items = Array.isArray(row?.details.items) ? (row.details.items as unknown[]).map(String) : [];
  return { items, reason: typeof row?.details.reason === 'string' ? row.details.reason : null };
}

/** The lookup answer: status and due date for the bare code; everything else with the PIN. */
export async function lookupView(app: FastifyInstance, d: LookupDossier, withPin: boolean) {
  const now = app.clock.now();
  const state = stateFromJson(d.state);
  const status = STATUS_INFO[state.status as DossierStatus];
  const calendar = await app.calendars.forAgency(d.receiving_agency_id);
  const bare = {
    code: d.code, status: state.status, statusCode: status.code, statusVi: status.vi, statusEn: status.en,
    dueAt: vn(state.dueAt), sla: slaState(calendar, state, now, app.slaPolicy), pinVerified: withPin,
  };
  if (!withPin) return { ...bare, nextStep: { kind: nextStep(state, now).kind } };
  const [procedure, agency, documents, supplement] = await Promise.all([
    app.db.selectFrom('procedures').select(['name_vi', 'name_en']).where('id', '=', d.procedure_id).executeTakeFirstOrThrow(),
    app.db.selectFrom('agencies').select(['name']).where('id', '=', d.receiving_agency_id).executeTakeFirstOrThrow(),
    app.db.selectFrom('documents').select(['id', 'kind', 'title', 'mime_type', 'size', 'created_at']).where('dossier_id', '=', d.id).where('kind', 'in', ['input', 'supplement']).orderBy('created_at').orderBy('id').execute(),
    state.status === 'supplement_requested' ? supplementRequest(app, d.id) : Promise.resolve(undefined),
  ]);
  const step = nextStep(state, now, supplement);
  return {
    ...bare,
    procedureVi: procedure.name_vi, procedureEn: procedure.name_en, agency: agency.name, channel: d.channel,
    applicant: maskName(d.applicant_name),
    submittedAt: vn(state.submittedAt), receivedAt: vn(state.receivedAt), finishedAt: vn(d.finished_at),
    documents: documents.map((x) => ({ id: x.id, kind: x.kind, title: x.title, mimeType: x.mime_type, size: x.size, addedAt: vn(x.created_at) })),
    nextStep: { ...step, supplementDueAt: vn(step.supplementDueAt), ...(step.canUploadOnline ? { uploadMaxBytes: app.config.documentMaxBytes } : {}) },
    ratingLink: step.kind === 'rate' ? `/danh-gia?ma=${encodeURIComponent(d.code)}` : null,
  };
}
