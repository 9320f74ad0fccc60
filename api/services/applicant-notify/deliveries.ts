/** The delivery log of a dossier, as officers see it (addresses masked). */
import type { Kysely } from 'kysely';
import type { ApplicantDelivery, Database } from '../../db/database.ts';
import { maskContact } from './contacts.ts';

/** The deliveries of a dossier, oldest first. */
export async function listDeliveries(db: Kysely<Database>, dossierId: string): Promise<ApplicantDelivery[]> {
  return db.selectFrom('applicant_deliveries').selectAll().where('dossier_id', '=', dossierId).orderBy('id').execute();
}

/** The API form of a delivery: never the full address. */
export function deliveryView(d: ApplicantDelivery) {
  return {
    id: String(d.id), kind: d.kind, channel: d.channel, address: maskContact(d.channel, d.address), status: d.status,
    attempts: d.attempts, lastError: d.last_error, providerMessageId: d.provider_message_id,
    createdAt: d.created_at.toISOString(), updatedAt: d.updated_at.toISOString(), sentAt: d.sent_at?.toISOString() ?? null,
  };
}
