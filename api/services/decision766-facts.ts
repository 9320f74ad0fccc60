/**
 * The stored facts the Decision 766 index reads of a dossier: receipt, the due date given at receipt
 * and the extension (dossier history), every pause, payments and the return mode (lifecycle state),
 * channel, documents. One query for any set of dossiers.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';

/** One dossier of the period as stored (the raw facts the index is computed from). */
export interface DossierFacts {
  id: string;
  procedureId: string;
  channel: string;
  calendarAgencyId: string;
  receivedAt: Date;
  receiptDueAt: Date | null;
  originalOrCurrentDueAt: Date;
  extension: { previousDueAt: Date; newDueAt: Date } | null;
  pauses: Array<{ kind: string; from: Date; to: Date | null }>;
  supplementRequests: number;
  finishedAt: Date | null;
  returnedAt: Date | null;
  returnMode: string | null;
  hasPayments: boolean;
  paidOnline: boolean;
  hasInput: boolean;
  hasResult: boolean;
}

const d = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/** The stored facts of the dossiers matching `where` (over `dossiers d`; one query; only the parts of the state the index reads). Dossiers without a due date are left out. */
export async function factsWhere(db: Kysely<Database>, where: RawBuilder<unknown>): Promise<DossierFacts[]> {
  return toFacts(await factRows(db, where));
}

/**
 * `factsWhere` in chunks of `size` dossiers: the matching ids first (one query), then each chunk's facts by
 * key, so a province's quarter of dossiers is never held in memory at once (a report over 100,000 dossiers
 * without stored verdicts crashed a server capped at 192 MB of heap).
 */
export async function* factsInChunks(db: Kysely<Database>, where: RawBuilder<unknown>, size = 2000): AsyncGenerator<DossierFacts[]> {
  const ids = (await sql<{ id: string }>`select d.id from dossiers d where ${where}`.execute(db)).rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += size) yield toFacts(await factRows(db, sql`d.id = any(${sql.val(ids.slice(i, i + size))}::uuid[])`));
}

async function factRows(db: Kysely<Database>, where: RawBuilder<unknown>) {
  const rows = await sql<{
    id: string; procedure_id: string; channel: string; agency: string; received_at: Date; due: Date | null; finished_at: Date | null;
    pauses: Array<{ kind: string; from: string; to: string | null }> | null; supplement_requests: number | null; returned_at: string | null; return_mode: string | null;
    has_payments: boolean; paid_online: boolean; receipt_due: string | null; extension: { previousDueAt?: string; newDueAt?: string } | null; has_input: boolean; has_result: boolean;
  }>`
    select d.id, d.procedure_id, d.channel, coalesce(d.handling_agency_id, d.receiving_agency_id) as agency, d.received_at,
      coalesce(d.original_due_at, d.due_at) as due, d.finished_at,
      d.state->'pauses' as pauses, (d.state->>'supplementRequests')::int as supplement_requests,
      d.state->>'returnedAt' as returned_at, d.state->>'returnMode' as return_mode,
      coalesce(jsonb_array_length(d.state->'payments'), 0) > 0 as has_payments,
      coalesce(d.state->'payments' @> '[{"method": "online"}]'::jsonb, false) as paid_online,
      hist.receipt_due, hist.extension, d.docs_input as has_input, d.docs_result as has_result
    from dossiers d
      left join lateral (
        select (array_agg(h.details->>'dueAt' order by h.at, h.id) filter (where h.action in ('receive', 'accept') and h.details ? 'dueAt'))[1] as receipt_due,
          (array_agg(h.details order by h.at desc, h.id desc) filter (where h.action = 'extend'))[1] as extension
        from dossier_history h where h.dossier_id = d.id and h.action in ('receive', 'accept', 'extend')) hist on true
    where ${where}`.execute(db);
  return rows.rows;
}

function toFacts(rows: Awaited<ReturnType<typeof factRows>>): DossierFacts[] {
  return rows.filter((r) => r.due !== null).map((r) => ({
    id: r.id, procedureId: r.procedure_id, channel: r.channel, calendarAgencyId: r.agency,
    receivedAt: new Date(r.received_at), receiptDueAt: d(r.receipt_due), originalOrCurrentDueAt: new Date(r.due!),
    extension: r.extension?.previousDueAt && r.extension.newDueAt ? { previousDueAt: new Date(r.extension.previousDueAt), newDueAt: new Date(r.extension.newDueAt) } : null,
    pauses: (r.pauses ?? []).map((p) => ({ kind: p.kind, from: d(p.from)!, to: d(p.to) })),
    supplementRequests: r.supplement_requests ?? 0, finishedAt: d(r.finished_at),
    returnedAt: d(r.returned_at), returnMode: r.return_mode,
    hasPayments: r.has_payments, paidOnline: r.paid_online,
    hasInput: r.has_input, hasResult: r.has_result,
  }));
}

