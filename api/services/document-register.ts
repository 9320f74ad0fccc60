/**
 * The register of the documents an agency issues and numbers for a dossier: the apology and extension
 * letter (form 04), issued by the agency responsible for the dossier, and the stop notice (form 05),
 * issued by the deciding agency. Both are signed by the head of that agency (a user with the leader role).
 *
 * Numbers run per agency and calendar year (UTC+7) without gaps: the counter row is incremented in the
 * transaction of the action that issues the document, so a rolled-back action gives its number back,
 * and two concurrent issues queue on the counter's row lock.
 */
import { sql, type Transaction, type Kysely } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import { writeAudit, type AuditContext } from './audit.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Forms numbered from the register. */
export type RegisteredForm = '04' | '05';

/** The form an action issues, if any. */
export const ISSUED_BY_ACTION: Readonly<Record<string, RegisteredForm>> = Object.freeze({ extend: '04', stop: '05', close_unsupplemented: '05' });

/** The symbol printed after the number: «Số: 03/XLGH», «Số: 04/TB-DGQ». */
export const DOCUMENT_SYMBOL: Readonly<Record<RegisteredForm, string>> = Object.freeze({ '04': 'XLGH', '05': 'TB-DGQ' });

/** A document's printed number, e.g. `07/TB-DGQ`. */
export function documentNumber(form: RegisteredForm, number: number): string {
  return `${String(number).padStart(2, '0')}/${DOCUMENT_SYMBOL[form]}`;
}

/** The calendar year of an instant in Vietnam (UTC+7). */
export function vnYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
}

/** The next number of an agency's register for the year (row-locked until the transaction ends). */
export async function nextDocumentNumber(tx: Transaction<Database>, agencyId: string, year: number): Promise<number> {
  const row = await sql<{ last_number: number }>`
    insert into document_counters (agency_id, year, last_number) values (${agencyId}, ${year}, 1)
    on conflict (agency_id, year) do update set last_number = document_counters.last_number + 1
    returning last_number`.execute(tx);
  return Number(row.rows[0]!.last_number);
}

/**
 * The head who signs for an agency: the acting user when they are a leader of it, else its first
 * enabled leader (by username); null when it has none.
 */
export async function agencyHead(db: Db, agencyId: string, actorId: string | null): Promise<string | null> {
  const leaders = await db.selectFrom('users').select(['id', 'username']).where('agency_id', '=', agencyId).where('disabled', '=', false)
    .where(sql<boolean>`'leader' = any(roles)`).orderBy('username').execute();
  return leaders.find((l) => l.id === actorId)?.id ?? leaders[0]?.id ?? null;
}

/** Issues a numbered document of an action (see {@link ISSUED_BY_ACTION}), audited; nothing for other actions. */
export async function issueDocumentOf(tx: Transaction<Database>, dossier: Dossier, action: string, audit: AuditContext, now: Date, details: Record<string, unknown> = {}): Promise<void> {
  const form = ISSUED_BY_ACTION[action];
  if (!form) return;
  const { from: _f, to: _t, fromCode: _fc, toCode: _tc, actor: _a, action: _x, ...facts } = details;
  const agencyId = dossier.handling_agency_id ?? dossier.receiving_agency_id;
  const year = vnYear(now);
  const number = await nextDocumentNumber(tx, agencyId, year);
  const signer = await agencyHead(tx, agencyId, audit.actorId);
  await tx.insertInto('issued_documents').values({
    agency_id: agencyId, year, number, form, dossier_id: dossier.id, signer_id: signer, details: JSON.stringify({ action, ...facts }), issued_at: now,
  }).execute();
  await writeAudit(tx, audit, {
    action: 'document.issue', targetType: 'dossier', targetId: dossier.code, agencyId,
    after: { form, number: documentNumber(form, number), year, signerId: signer },
  });
}

/** The document of a form issued for a dossier, with its issuing agency and signer; undefined when none. */
export async function issuedDocument(db: Db, dossierId: string, form: RegisteredForm) {
  const row = await db.selectFrom('issued_documents').selectAll().where('dossier_id', '=', dossierId).where('form', '=', form).executeTakeFirst();
  if (!row) return undefined;
  const signer = row.signer_id ? await db.selectFrom('users').select('full_name').where('id', '=', row.signer_id).executeTakeFirst() : undefined;
  return { agencyId: row.agency_id, year: row.year, number: documentNumber(form, row.number), issuedAt: row.issued_at, signerName: signer?.full_name, details: row.details };
}
