/**
 * Receiving a new dossier: at the counter or by post (received, form 01), registered online for
 * review, or refused at the counter (form 03). Shared by reception (`POST /api/dossiers`) and the
 * citizens' online submission (`POST /api/public/dossiers`): the checks, the code, the state
 * machine's first step and the dossier's rows, history, outbox event and audit in one transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { Dossier, Procedure } from '../db/database.ts';
import { AppError, type Lang } from '../errors.ts';
import { dueAt, type TimeLimit } from '../domain/calendar/index.ts';
import { applyTransition, isValidCccd, isValidVnPhone, type Actor, type DossierAction } from '../domain/dossier/index.ts';
import type { AuditContext } from './audit.ts';
import { nextDossierCode } from './dossier-codes.ts';
import { recordEvent, stateColumns } from './dossiers.ts';
import { decidingAgency } from './routing.ts';
import { preparing } from '../db/prepared-statements.ts';

/** The applicant block of a dossier form (`schemas/procedures/common.schema.json`). */
export interface ApplicantForm {
  fullName: string;
  personalId: string;
  phone?: string;
  email?: string;
  address?: { province?: string; commune?: string; detail?: string } | string;
}

export interface ReceiveBody {
  procedureId: string;
  channel: 'in_person' | 'post' | 'online';
  formData: Record<string, unknown> & { applicant: ApplicantForm };
  refusalReasons?: string[];
}

function fieldError(lang: Lang, field: string, vi: string, en: string) {
  return new AppError('VALIDATION_FAILED', [{ field, message: lang === 'vi' ? vi : en }]);
}

/** The procedure (active), the applicant's CCCD and phone, and the form against its schema (not for a refusal). */
export async function checkReceiveBody(app: FastifyInstance, lang: Lang, body: ReceiveBody): Promise<Procedure> {
  const procedure = await preparing(app.db).selectFrom('procedures').selectAll().where('id', '=', body.procedureId).where('active', '=', true).executeTakeFirst();
  if (!procedure) throw new AppError('UNKNOWN_PROCEDURE', [{ field: 'procedureId', message: lang === 'vi' ? 'không có thủ tục này' : 'no such procedure' }]);
  const { applicant } = body.formData;
  if (!isValidCccd(applicant.personalId)) throw fieldError(lang, 'formData.applicant.personalId', 'số định danh cá nhân (CCCD) không hợp lệ', 'is not a valid personal ID number');
  if (applicant.phone !== undefined && !isValidVnPhone(applicant.phone)) throw fieldError(lang, 'formData.applicant.phone', 'số điện thoại không hợp lệ', 'is not a valid Vietnamese phone number');
  if (!body.refusalReasons) {
    const errors = app.formSchemas.validate(procedure.form_schema_id, body.formData, lang);
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
  }
  return procedure;
}

/**
 * The agency that appraises a procedure's dossiers received by `receivingAgencyId`: the configured
 * route (`services/routing.ts`; ROUTING_NOT_CONFIGURED without one). A refusal at the counter never
 * leaves the counter, so it needs no route: without one it stays with the receiving agency.
 */
async function handlingAgency(app: FastifyInstance, receivingAgencyId: string, procedure: Procedure, refusal: boolean): Promise<string> {
  try {
    return await decidingAgency(preparing(app.db), receivingAgencyId, procedure);
  } catch (err) {
    if (refusal && err instanceof AppError && err.code === 'ROUTING_NOT_CONFIGURED') return receivingAgencyId;
    throw err;
  }
}

export interface ReceiveArgs {
  body: ReceiveBody;
  procedure: Procedure;
  /** The receiving agency (the officer's, or the centre chosen online). */
  agencyId: string;
  actor: Actor;
  audit: AuditContext;
  /** The officer who entered it; null for the applicant's own online submission. */
  createdBy: string | null;
  lang: Lang;
}

/** Creates the dossier in its first state (see the module comment). */
export async function receiveDossier(app: FastifyInstance, args: ReceiveArgs): Promise<Dossier> {
  const { body, procedure, agencyId, actor } = args;
  const now = app.clock.now();
  const agency = await preparing(app.db).selectFrom('agencies').select(['id', 'code']).where('id', '=', agencyId).executeTakeFirstOrThrow();
  const calendar = await app.calendars.forAgency(agencyId);
  const handling = await handlingAgency(app, agencyId, procedure, Boolean(body.refusalReasons));
  // The reception's statements are the same for every dossier: prepared once per connection (`prepared-statements.ts`).
  const dossier = await preparing(app.db).transaction().execute(async (tx) => {
    const code = await nextDossierCode(tx, agency, now, app.config.dossierCodeFormat);
    const [action, input] = body.refusalReasons
      ? ['refuse', { code, channel: body.channel, reasons: body.refusalReasons, actor }]
      : body.channel === 'online'
        ? ['register_online', { code, actor: { ...actor, roles: [...actor.roles, 'system'] } }]
        : ['receive', { code, channel: body.channel, dueAt: dueAt(calendar, now, procedure.legal_limit as TimeLimit), actor }];
    const result = applyTransition(null, action as DossierAction, input as never, now);
    if (!result.ok) throw AppError.fromDomain(result.error, result.error.field ? [{ field: result.error.field, message: result.error[args.lang] }] : undefined);
    const columns = stateColumns(result.next);
    const created = await tx.insertInto('dossiers').values({
      code, procedure_id: procedure.id, receiving_agency_id: agencyId, handling_agency_id: handling, channel: body.channel,
      applicant: JSON.stringify(body.formData.applicant), applicant_name: body.formData.applicant.fullName.normalize('NFC'), applicant_id_number: body.formData.applicant.personalId,
      form_data: JSON.stringify(body.formData), submitted_at: now, created_by: args.createdBy, ...columns,
    }).returningAll().executeTakeFirstOrThrow();
    // The agencies' rows make the dossier visible; their triggers append its receipt to the report counters'
    // deltas (no shared row is locked: migration 2026120901; bench/README.md, "Reception"). Written with the event's rows.
    await recordEvent(tx, created, result.event, args.audit, now, null, body.refusalReasons ? { reasons: body.refusalReasons } : {}, [
      { dossier_id: created.id, agency_id: agencyId, role: 'receiving', since: now },
      ...(handling !== agencyId ? [{ dossier_id: created.id, agency_id: handling, role: 'handling' as const, since: now }] : []),
    ]);
    return created;
  });
  // Committed: the engine bridge of this process starts its process now, not at its next idle poll (up to 500 ms).
  if (app.hasDecorator('taskBridge')) app.taskBridge.wake();
  return dossier;
}
