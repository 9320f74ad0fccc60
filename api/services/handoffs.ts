/**
 * Handoffs (liên thông, Decree 118 Art. 20): a dossier sent to another agency — an internal one
 * sees it in its officers' task list, an external one gets a signed webhook from the outbox —
 * and the agency's answer, which goes back to the process as the `handoff-result` message.
 * Every hop with its times goes on the processing control slip (form 06).
 */
import type { Kysely, Transaction } from 'kysely';
import type { AgencyWebhookTable, Database, Dossier, Handoff } from '../db/database.ts';
import type { ControlHop } from '../forms/index.ts';
import { writeAudit, type AuditContext } from './audit.ts';
import { enqueue } from './outbox.ts';

/** Outbox topics. */
export const WEBHOOK_TOPIC = 'handoff.webhook';
export const RESULT_TOPIC = 'handoff.result';

/** The database with the agencies' webhook columns. */
export const webhookDb = (db: Kysely<Database>) => db.withTables<{ agencies: AgencyWebhookTable }>();

/** An agency of `type`, preferring one in the province of `nearAgencyId`; undefined when none. */
export async function findTargetAgency(db: Kysely<Database>, type: string, nearAgencyId: string) {
  const near = await db.selectFrom('agencies').select('province_code').where('id', '=', nearAgencyId).executeTakeFirst();
  const rows = await webhookDb(db).selectFrom('agencies').select(['id', 'name', 'province_code', 'webhook_url'])
    .where('type', '=', type as never).where('disabled', '=', false).orderBy('id').execute();
  return rows.find((r) => near?.province_code && r.province_code === near.province_code) ?? rows[0];
}

/** What a `handoff` job asks for. */
export interface HandoffRequest {
  dossier: Dossier;
  processInstanceKey: string;
  elementInstanceKey: string;
  targetRole: string;
  targetAgencyId: string;
  external: boolean;
  purpose: string | null;
  dueAt: Date;
}

async function addInternalTask(tx: Transaction<Database>, h: Handoff, r: HandoffRequest, bpmnProcessId: string): Promise<void> {
  await tx.insertInto('tasks').values({
    key: `handoff:${h.id}`, kind: 'handoff', process_instance_key: h.process_instance_key, bpmn_process_id: bpmnProcessId, element_id: 'handoff',
    name: 'Xử lý hồ sơ liên thông', step: `handoff_${r.targetRole}`, dossier_id: r.dossier.id, dossier_code: r.dossier.code, agency_id: r.targetAgencyId,
    candidate_groups: ['specialist'], state: 'CREATED', due_at: r.dueAt, headers: JSON.stringify({ handoffId: h.id, purpose: r.purpose ?? '' }), created_at: h.sent_at,
  }).execute();
  await tx.insertInto('dossier_agencies').values({ dossier_id: r.dossier.id, agency_id: r.targetAgencyId, role: 'handoff', since: h.sent_at })
    .onConflict((oc) => oc.columns(['dossier_id', 'agency_id']).doNothing()).execute();
}

/** Records a handoff (once per job element instance) with its task or webhook event and audit row. */
export async function createHandoff(db: Kysely<Database>, r: HandoffRequest, bpmnProcessId: string, audit: AuditContext, now: Date): Promise<Handoff> {
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('handoffs').selectAll().where('element_instance_key', '=', r.elementInstanceKey).executeTakeFirst();
    if (existing) return existing;
    const h = await tx.insertInto('handoffs').values({
      dossier_id: r.dossier.id, dossier_code: r.dossier.code, process_instance_key: r.processInstanceKey, element_instance_key: r.elementInstanceKey,
      target_role: r.targetRole, source_agency_id: r.dossier.handling_agency_id ?? r.dossier.receiving_agency_id, target_agency_id: r.targetAgencyId,
      mode: r.external ? 'external' : 'internal', purpose: r.purpose, state: r.external ? 'sent' : 'delivered', sent_at: now, due_at: r.dueAt,
      delivered_at: r.external ? null : now,
    }).returningAll().executeTakeFirstOrThrow();
    if (r.external) await enqueue(tx, WEBHOOK_TOPIC, h.id, { handoffId: h.id }, now);
    else await addInternalTask(tx, h, r, bpmnProcessId);
    await writeAudit(tx, audit, { action: 'handoff.send', targetType: 'handoff', targetId: h.id, agencyId: h.source_agency_id, after: { dossierCode: h.dossier_code, targetAgencyId: h.target_agency_id, mode: h.mode, dueAt: h.due_at } });
    return h;
  });
}

/** Reads a handoff. */
export function getHandoff(db: Kysely<Database>, id: string): Promise<Handoff | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
  return db.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes the state of a handoff with its audit row (delivery, failure). */
export async function setHandoffState(db: Kysely<Database>, id: string, state: 'delivered' | 'failed', audit: AuditContext, now: Date, details: Record<string, unknown> = {}): Promise<Handoff | undefined> {
  return db.transaction().execute(async (tx) => {
    const set = state === 'delivered' ? { state, delivered_at: now } : { state, failed_at: now };
    const h = await tx.updateTable('handoffs').set(set).where('id', '=', id).where('state', 'in', ['sent', 'delivered']).returningAll().executeTakeFirst();
    if (h) await writeAudit(tx, audit, { action: `handoff.${state}`, targetType: 'handoff', targetId: id, agencyId: h.source_agency_id, after: { state, ...details } });
    return h;
  });
}

/** The answer of the other agency. */
export interface HandoffAnswer {
  outcome: 'done' | 'rejected';
  note?: string;
  documents?: unknown[];
  resultId?: string;
}

/** Outcome of {@link answerHandoff}. */
export type AnswerOutcome = { kind: 'answered'; handoff: Handoff } | { kind: 'duplicate'; handoff: Handoff } | { kind: 'conflict' };

/** Records the answer (handoff, internal task, audit, outbox event for the engine) in one transaction. */
export async function answerHandoff(db: Kysely<Database>, id: string, answer: HandoffAnswer, fingerprint: string, audit: AuditContext, now: Date): Promise<AnswerOutcome> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('handoffs').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (current.state === 'answered') return current.result_hash === fingerprint ? { kind: 'duplicate', handoff: current } : { kind: 'conflict' };
    const result = { outcome: answer.outcome, note: answer.note ?? null, documents: answer.documents ?? [], answeredAt: now.toISOString(), agencyId: current.target_agency_id };
    const h = await tx.updateTable('handoffs').set({ state: 'answered', answered_at: now, outcome: answer.outcome, result: JSON.stringify(result), result_hash: fingerprint, answered_by: audit.actorUsername })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('tasks').set({ state: 'COMPLETED', completed_at: now, completed_by: audit.actorId }).where('key', '=', `handoff:${id}`).where('state', '=', 'CREATED').execute();
    await enqueue(tx, RESULT_TOPIC, id, { handoffId: id, handoffResult: result }, now);
    await writeAudit(tx, audit, { action: 'handoff.answer', targetType: 'handoff', targetId: id, agencyId: h.target_agency_id, before: { state: current.state }, after: { state: 'answered', outcome: answer.outcome } });
    return { kind: 'answered', handoff: h };
  });
}

/** The handoffs of a dossier, oldest first. */
export function listHandoffs(db: Kysely<Database>, dossierId: string): Promise<Handoff[]> {
  return db.selectFrom('handoffs').selectAll().where('dossier_id', '=', dossierId).orderBy('sent_at').orderBy('id').execute();
}

const PURPOSES: Record<string, string> = { consultation: 'Lấy ý kiến', registration: 'Đăng ký', issuance: 'Cấp thẻ' };

/** The handoff hops of a dossier for the processing control slip (form 06). */
export async function handoffHops(db: Kysely<Database>, dossierId: string): Promise<ControlHop[]> {
  const rows = await db.selectFrom('handoffs').innerJoin('agencies', 'agencies.id', 'handoffs.target_agency_id')
    .leftJoin('agencies as source', 'source.id', 'handoffs.source_agency_id')
    .select(['agencies.name', 'source.name as source_name', 'handoffs.purpose', 'handoffs.sent_at', 'handoffs.answered_at', 'handoffs.due_at', 'handoffs.state', 'handoffs.outcome'])
    .where('handoffs.dossier_id', '=', dossierId).orderBy('handoffs.sent_at').execute();
  return rows.map((r) => ({
    agency: r.name,
    task: `Liên thông: ${PURPOSES[r.purpose ?? ''] ?? r.purpose ?? 'xử lý hồ sơ'}`,
    receivedAt: r.sent_at,
    givenBy: r.source_name ?? undefined,
    receivedBy: r.name,
    sentAt: r.answered_at,
    dueAt: r.due_at,
    ...(r.answered_at ? { late: r.answered_at > r.due_at } : {}),
    ...(r.state === 'failed' ? { note: 'Gửi liên thông thất bại' } : r.outcome === 'rejected' ? { note: 'Cơ quan liên thông từ chối' } : {}),
  }));
}

/** The API form of a handoff (no secrets). */
export function handoffView(h: Handoff) {
  return {
    id: h.id, dossierCode: h.dossier_code, targetRole: h.target_role, targetAgencyId: h.target_agency_id, sourceAgencyId: h.source_agency_id,
    mode: h.mode, purpose: h.purpose, state: h.state, sentAt: h.sent_at.toISOString(), dueAt: h.due_at.toISOString(),
    deliveredAt: h.delivered_at?.toISOString() ?? null, answeredAt: h.answered_at?.toISOString() ?? null, failedAt: h.failed_at?.toISOString() ?? null,
    outcome: h.outcome, result: h.result,
  };
}
