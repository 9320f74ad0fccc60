/**
 * Queues the messages a dossier event owes the applicant, in the event's own transaction: one
 * `applicant_deliveries` row per channel the form gives (e-mail, SMS) with one outbox event each
 * (`applicant.delivery`, sent by the workers), or one visible `no-channel` row when it gives none.
 * A repeated event queues nothing twice (`dedupe_key`).
 */
import { sql, type QueryCreator } from 'kysely';
import type { Database, Dossier } from '../../db/database.ts';
import { applicantContacts } from './contacts.ts';
import type { DeliveryKind } from './templates.ts';

/** The outbox topic of one delivery. */
export const DELIVERY_TOPIC = 'applicant.delivery';

/** The dossier events the applicant hears of, and what they are told. */
export const APPLICANT_EVENTS: Readonly<Record<string, DeliveryKind>> = Object.freeze({
  'dossier.accepted': 'receipt',
  'dossier.supplement_requested': 'supplement',
  'dossier.decided': 'result',
  'dossier.extended': 'extension',
});

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What the message of `kind` says that may change later. */
function factsOf(kind: DeliveryKind, dossier: Dossier, payload: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = { dueAt: iso(dossier.due_at) };
  if (kind === 'supplement') Object.assign(facts, { items: payload.items ?? [], reason: payload.reason ?? null, supplementDueAt: payload.supplementDueAt ?? null });
  if (kind === 'extension') Object.assign(facts, { reason: payload.reason ?? null, previousDueAt: payload.previousDueAt ?? null, newDueAt: payload.newDueAt ?? iso(dossier.due_at) });
  return facts;
}

/**
 * Adds to `q` (a statement of data-modifying common tables: `recordEvent`) the `applicant_deliveries` rows the
 * event owes the applicant (none for an event they do not hear of) and one outbox event per row written with a
 * channel (a repeated event writes neither: `dedupe_key`), so the rows and their events cost no round trip of
 * their own. Common tables `d` and `e`.
 */
export function withApplicantDeliveries(q: QueryCreator<Database>, dossier: Dossier, event: { type: string; occurredAt: Date; payload: Record<string, unknown> }, now: Date): QueryCreator<Database> {
  const kind = APPLICANT_EVENTS[event.type];
  if (!kind) return q;
  const contacts = applicantContacts(dossier.form_data, dossier.applicant);
  const channels: Array<{ channel: 'email' | 'sms' | 'none'; address: string | null }> = [];
  if (contacts.email) channels.push({ channel: 'email', address: contacts.email });
  if (contacts.phone) channels.push({ channel: 'sms', address: contacts.phone });
  if (channels.length === 0) channels.push({ channel: 'none', address: null });
  const facts = JSON.stringify(factsOf(kind, dossier, event.payload));
  const rows = channels.map(({ channel, address }) => ({
    dossier_id: dossier.id, dossier_code: dossier.code, kind, channel, address, facts,
    status: channel === 'none' ? 'no-channel' as const : 'queued' as const,
    dedupe_key: `${kind}:${dossier.id}:${channel}:${event.occurredAt.toISOString()}`, created_at: now, updated_at: now,
  }));
  return q.with('d', (db) => db.insertInto('applicant_deliveries').values(rows).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning(['id', 'channel']))
    .with('e', (db) => db.insertInto('outbox').columns(['topic', 'key', 'payload', 'created_at', 'available_at']).expression(
      db.selectFrom('d').where('d.channel', '<>', 'none').select([
        sql<string>`${DELIVERY_TOPIC}::text`.as('topic'), sql<string>`d.id::text`.as('key'), sql`jsonb_build_object('deliveryId', d.id::text)`.as('payload'),
        sql<Date>`${now}::timestamptz`.as('created_at'), sql<Date>`${now}::timestamptz`.as('available_at'),
      ]))) as unknown as QueryCreator<Database>;
}
