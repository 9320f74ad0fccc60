/**
 * Explicit routing: which agency decides the dossiers of a procedure received by an agency. Admins set
 * a default per handling agency type and, where needed, a route per procedure (it wins). Reception
 * never guesses: with no route, or a route to a disabled agency, it refuses (ROUTING_NOT_CONFIGURED).
 */
import type { Kysely, Transaction } from 'kysely';
import type { AgencyType, Database, Procedure } from '../db/database.ts';
import { AppError, type FieldError, type Lang } from '../errors.ts';
import { agencyRoot, agencySubtree } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Routing {
  defaults: Array<{ handlingAgencyType: AgencyType; decidingAgencyId: string }>;
  procedures: Array<{ procedureId: string; decidingAgencyId: string }>;
}

/** The routes configured for a receiving agency, in a stable order. */
export async function loadRouting(db: Db, receivingAgencyId: string): Promise<Routing> {
  const rows = await db.selectFrom('agency_routes').select(['handling_agency_type', 'procedure_id', 'deciding_agency_id'])
    .where('receiving_agency_id', '=', receivingAgencyId).orderBy('handling_agency_type').orderBy('procedure_id').execute();
  return {
    defaults: rows.filter((r) => r.procedure_id === null).map((r) => ({ handlingAgencyType: r.handling_agency_type!, decidingAgencyId: r.deciding_agency_id })),
    procedures: rows.filter((r) => r.procedure_id !== null).map((r) => ({ procedureId: r.procedure_id!, decidingAgencyId: r.deciding_agency_id })),
  };
}

/** Where each active procedure goes from this receiving agency (null: reception refuses it). */
export async function effectiveRouting(db: Db, routing: Routing) {
  const procedures = await db.selectFrom('procedures').select(['id', 'handling_agency_type']).where('active', '=', true).orderBy('id').execute();
  return procedures.map((p) => {
    const own = routing.procedures.find((r) => r.procedureId === p.id);
    const byType = routing.defaults.find((r) => r.handlingAgencyType === p.handling_agency_type);
    return { procedureId: p.id, decidingAgencyId: own?.decidingAgencyId ?? byType?.decidingAgencyId ?? null, source: own ? 'procedure' : byType ? 'default' : null };
  });
}

/** The agency that decides `procedure`'s dossiers received by `receivingAgencyId`; refuses when none is usable. */
export async function decidingAgency(db: Db, receivingAgencyId: string, procedure: Pick<Procedure, 'id' | 'name_vi' | 'name_en' | 'handling_agency_type'>): Promise<string> {
  const rows = await db.selectFrom('agency_routes').innerJoin('agencies', 'agencies.id', 'agency_routes.deciding_agency_id')
    .select(['agency_routes.procedure_id', 'agencies.id', 'agencies.disabled'])
    .where('agency_routes.receiving_agency_id', '=', receivingAgencyId)
    .where((eb) => eb.or([
      eb('agency_routes.procedure_id', '=', procedure.id),
      eb.and([eb('agency_routes.procedure_id', 'is', null), eb('agency_routes.handling_agency_type', '=', procedure.handling_agency_type)]),
    ]))
    .execute();
  const route = rows.find((r) => r.procedure_id !== null) ?? rows[0];
  if (route && !route.disabled) return route.id;
  throw new AppError('ROUTING_NOT_CONFIGURED', { procedureId: procedure.id, receivingAgencyId }, {
    vi: `Chưa cấu hình cơ quan giải quyết thủ tục "${procedure.name_vi}" (${procedure.id}) cho cơ quan tiếp nhận này${route ? ' (cơ quan đã cấu hình đang bị khóa)' : ''}; đề nghị quản trị viên thiết lập`,
    en: `No deciding agency is configured for the procedure "${procedure.name_en}" (${procedure.id}) at this receiving agency${route ? ' (the configured agency is disabled)' : ''}; ask an administrator to set one`,
  });
}

/**
 * Checks a routing before it replaces the agency's: no key twice, known procedures, and every deciding
 * agency is the receiving agency itself or an enabled agency of the handling type in its province tree.
 */
export async function checkRouting(db: Db, receivingAgencyId: string, routing: Routing, lang: Lang): Promise<void> {
  const say = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const twice = (keys: string[], list: string, key: string): FieldError[] =>
    keys.flatMap((k, i) => (keys.indexOf(k) !== i ? [{ field: `${list}.${i}.${key}`, message: say('bị lặp lại', 'appears twice') }] : []));
  const duplicates = [...twice(routing.defaults.map((d) => d.handlingAgencyType), 'defaults', 'handlingAgencyType'), ...twice(routing.procedures.map((p) => p.procedureId), 'procedures', 'procedureId')];
  if (duplicates.length) throw new AppError('VALIDATION_FAILED', duplicates);

  const ids = routing.procedures.map((p) => p.procedureId);
  const known = new Map((ids.length ? await db.selectFrom('procedures').select(['id', 'handling_agency_type']).where('id', 'in', ids).execute() : []).map((p) => [p.id, p.handling_agency_type]));
  const unknown = routing.procedures.flatMap((p, i) => (known.has(p.procedureId) ? [] : [{ field: `procedures.${i}.procedureId`, message: say('không có thủ tục này', 'no such procedure') }]));
  if (unknown.length) throw new AppError('UNKNOWN_PROCEDURE', unknown);

  const province = await agencySubtree(db, await agencyRoot(db, receivingAgencyId));
  const agencies = new Map((await db.selectFrom('agencies').select(['id', 'type', 'disabled']).where('id', 'in', province).execute()).map((a) => [a.id, a]));
  const allowed = (id: string, type: AgencyType) => id === receivingAgencyId || (agencies.get(id)?.type === type && !agencies.get(id)!.disabled);
  const refused = [
    ...routing.defaults.flatMap((d, i) => (allowed(d.decidingAgencyId, d.handlingAgencyType) ? [] : [`defaults.${i}.decidingAgencyId`])),
    ...routing.procedures.flatMap((p, i) => (allowed(p.decidingAgencyId, known.get(p.procedureId)!) ? [] : [`procedures.${i}.decidingAgencyId`])),
  ];
  if (refused.length) throw new AppError('ROUTE_NOT_ALLOWED', refused.map((field) => ({ field, message: say('không được chọn làm cơ quan giải quyết', 'may not be chosen as the deciding agency') })));
}

/** Replaces a receiving agency's routes (inside the caller's transaction). */
export async function replaceRouting(tx: Transaction<Database>, receivingAgencyId: string, routing: Routing, now: Date): Promise<void> {
  await tx.deleteFrom('agency_routes').where('receiving_agency_id', '=', receivingAgencyId).execute();
  const rows = [
    ...routing.defaults.map((d) => ({ receiving_agency_id: receivingAgencyId, handling_agency_type: d.handlingAgencyType, procedure_id: null, deciding_agency_id: d.decidingAgencyId, updated_at: now })),
    ...routing.procedures.map((p) => ({ receiving_agency_id: receivingAgencyId, handling_agency_type: null, procedure_id: p.procedureId, deciding_agency_id: p.decidingAgencyId, updated_at: now })),
  ];
  if (rows.length) await tx.insertInto('agency_routes').values(rows).execute();
}
