/**
 * Fees from data: the province's fee table (province-set fees, edited by its admins) and the fee of a
 * dossier as form 01 prints it (`api/domain/fees`).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import { feeStatement, type FeeRule, type FeeStatement, type PagedDocument, type ProvinceFeeItem } from '../domain/fees/index.ts';
import { agencyRoot } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A province's fee table, by procedure id. */
export async function provinceFeeTable(db: Db, provinceId: string): Promise<ProvinceFeeItem[]> {
  const rows = await db.selectFrom('province_fees').selectAll().where('province_id', '=', provinceId).orderBy('procedure_id').execute();
  return rows.map((r) => ({ procedureId: r.procedure_id, amountVnd: Number(r.amount_vnd), note: r.note, legalBasis: r.legal_basis }));
}

/** The documents of a per-page dossier (copy certification: `formData.documents[]` with pages and copies). */
export function pagedDocuments(formData: Record<string, unknown>): PagedDocument[] {
  const docs = Array.isArray(formData.documents) ? formData.documents : [];
  return docs.flatMap((d: unknown) => {
    const x = d as { documentName?: unknown; pages?: unknown; copies?: unknown };
    return Number.isInteger(x.pages) && Number.isInteger(x.copies) && typeof x.documentName === 'string'
      ? [{ name: x.documentName, pages: x.pages as number, copies: x.copies as number }]
      : [];
  });
}

/** The fee of a dossier: its procedure's rules, its documents, and its province's table. */
export async function dossierFee(db: Db, dossier: Pick<Dossier, 'procedure_id' | 'receiving_agency_id' | 'form_data'>, rules: readonly FeeRule[]): Promise<FeeStatement> {
  let provinceFee = null;
  if (rules.some((r) => r.kind === 'provinceSet')) {
    const province = await agencyRoot(db, dossier.receiving_agency_id);
    const row = await db.selectFrom('province_fees').selectAll().where('province_id', '=', province).where('procedure_id', '=', dossier.procedure_id).executeTakeFirst();
    if (row) provinceFee = { amountVnd: Number(row.amount_vnd), note: row.note, legalBasis: row.legal_basis };
  }
  return feeStatement(rules, { documents: pagedDocuments(dossier.form_data ?? {}), provinceFee });
}
