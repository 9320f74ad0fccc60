/**
 * Dossier codes (Decree 118 Art. 28): the receiving agency's code, the local date and a daily
 * sequence. The sequence comes from an upsert on a per-agency, per-day counter row, so concurrent
 * receptions never share a code (the row lock serialises them; the unique index is the backstop).
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { DEFAULT_DOSSIER_CODE_FORMAT, formatDossierCode, vietnamDate } from '../domain/dossier/index.ts';

/** Takes the next code of an agency for the local day of `now`, inside the caller's transaction. */
export async function nextDossierCode(tx: Transaction<Database>, agency: { id: string; code: string }, now: Date, format = DEFAULT_DOSSIER_CODE_FORMAT): Promise<string> {
  const date = vietnamDate(now);
  const day = `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  const row = await tx
    .insertInto('dossier_code_counters')
    .values({ agency_id: agency.id, day, last: 1 })
    .onConflict((oc) => oc.columns(['agency_id', 'day']).doUpdateSet({ last: sql`dossier_code_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return formatDossierCode(format, { agencyCode: agency.code, date, sequence: row.last });
}
