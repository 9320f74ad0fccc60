/**
 * Dossier persistence: agency scope, loading with a row lock, and committing one state-machine
 * step — the new state, its history row, its outbox event and its audit row in one transaction.
 */
import { sql, type Insertable, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import type { Database, Dossier, DossierAgencyTable, Role } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from './audit.ts';
import { auditValues } from './audit.ts';
import { outboxRows } from './outbox.ts';
import { withApplicantDeliveries } from './applicant-notify/queue.ts';
import { stateToJson } from './dossier-codec.ts';
import type { Actor, ActorRole, DossierEvent, DossierState } from '../domain/dossier/index.ts';
import { STATUS_INFO } from '../domain/dossier/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

const ACTOR_ROLES: readonly string[] = ['receptionist', 'specialist', 'leader', 'supervisor', 'admin', 'procedure_controller'];

/** The state machine's actor for a user. */
export function actorOf(user: { id: string; roles: Role[] }): Actor {
  return { id: user.id, roles: user.roles.filter((r) => ACTOR_ROLES.includes(r)) as ActorRole[] };
}

/**
 * Loads a dossier by code if one of the given agencies may see it (it was received by, or handed
 * to, one of them); with `forUpdate` the row stays locked until the transaction ends.
 * @throws AppError NOT_FOUND otherwise — another agency's dossier is indistinguishable from none.
 */
export async function loadDossier(db: Db, code: string, scope: string[], forUpdate = false): Promise<Dossier> {
  let query = db
    .selectFrom('dossiers')
    .selectAll()
    .where('code', '=', code)
    .where((eb) => eb.exists(eb.selectFrom('dossier_agencies').select(sql`1`.as('one')).whereRef('dossier_agencies.dossier_id', '=', 'dossiers.id').where('dossier_agencies.agency_id', 'in', scope)));
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Columns derived from a state, kept beside the JSON for queries. */
export function stateColumns(state: DossierState) {
  const finished = STATUS_INFO[state.status].final || state.status === 'decided';
  return {
    status: state.status,
    state: stateToJson(state),
    received_at: state.receivedAt,
    due_at: state.dueAt,
    original_due_at: state.originalDueAt ?? null,
    finished_at: finished ? (state.returnedAt ?? state.decision?.at ?? null) : null,
  };
}

export interface CommitArgs {
  dossier: Dossier;
  next: DossierState;
  event: DossierEvent;
  audit: AuditContext;
  now: Date;
  /** Extra history details (e.g. the reasons of a refusal). */
  details?: Record<string, unknown>;
}

/** Writes one transition of an existing dossier: state, history, outbox event and audit row. */
export async function commitTransition(tx: Transaction<Database>, args: CommitArgs): Promise<Dossier> {
  const { dossier, next, event, audit, now } = args;
  const columns = stateColumns(next);
  const updated = await tx
    .updateTable('dossiers')
    .set({ ...columns, finished_at: columns.finished_at ?? dossier.finished_at, version: sql`version + 1`, updated_at: now })
    .where('id', '=', dossier.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordEvent(tx, updated, event, audit, now, dossier.status, args.details);
  return updated;
}

/**
 * History row, outbox event, the applicant's messages (one `applicant_deliveries` row per channel with its
 * outbox event, `applicant-notify/queue.ts`) and audit row of a transition (also used when a dossier is
 * created, with its `agencies` rows): one statement of data-modifying common tables, not one for each
 * (a reception's six became one, of about 54 from reception to first task; bench/README.md, "Fewer statements a dossier").
 */
export async function recordEvent(tx: Transaction<Database>, dossier: Dossier, event: DossierEvent, audit: AuditContext, now: Date, fromStatus: string | null,
  details: Record<string, unknown> = {}, agencies: Array<Insertable<DossierAgencyTable>> = []): Promise<void> {
  const { action, from: _from, to: _to, fromCode: _fc, toCode: _tc, actor: _actor, ...rest } = event.payload;
  // One query creator whose common tables grow: their number varies, so the builder is typed loosely.
  let q = tx.with('h', (db) => db.insertInto('dossier_history').values({
    dossier_id: dossier.id, action, from_status: fromStatus, to_status: dossier.status, at: now,
    actor_id: audit.actorId, agency_id: audit.agencyId, details: JSON.stringify({ ...rest, ...details }),
  })).with('o', (db) => db.insertInto('outbox').values(outboxRows([{ topic: event.type, key: dossier.code, payload: {
    ...event.payload, dossierId: dossier.id, dossierCode: dossier.code, procedureId: dossier.procedure_id, occurredAt: event.occurredAt.toISOString(),
  } }], now))) as unknown as QueryCreator<Database>;
  if (agencies.length) q = q.with('a', (db) => db.insertInto('dossier_agencies').values(agencies)) as unknown as QueryCreator<Database>;
  q = withApplicantDeliveries(q, dossier, event, now);
  await q.insertInto('audit_log').values(auditValues(audit, {
    action: `dossier.${action}`, targetType: 'dossier', targetId: dossier.code, agencyId: dossier.receiving_agency_id,
    before: fromStatus ? { status: fromStatus } : null, after: { status: dossier.status, dueAt: dossier.due_at?.toISOString() ?? null },
  })).execute();
}
