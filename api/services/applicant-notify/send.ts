/**
 * Sends one queued delivery (the `applicant.delivery` outbox event) and records the attempt: the
 * message is rendered now (the PIN is derived, never stored), sent on its channel, and the row
 * marked `sent` with the provider's message id. A failure is recorded (attempts, last error) and
 * thrown so the outbox retries it with backoff; on the last attempt the row is marked `failed`.
 * A channel that is not configured (no `SMTP_URL`, `SMS_PROVIDER=none`) records `no-channel`. Each
 * recorded attempt is audited (`applicant.delivery`, the address masked).
 * At least once: a crash between sending and recording sends the message again.
 */
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Database } from '../../db/database.ts';
import { renderForm } from '../../forms/index.ts';
import type { CalendarService } from '../calendars.ts';
import type { Clock } from '../clock.ts';
import { formInput } from '../form-inputs.ts';
import { lookupPin } from '../lookup-pin.ts';
import { writeAudit, type AuditContext } from '../audit.ts';
import { maskContact } from './contacts.ts';
import type { SmsProvider } from './channels.ts';
import { renderApplicantMessage, type DeliveryKind } from './templates.ts';

/** The audit actor of the sender. */
const AUDIT_ACTOR: AuditContext = { actorId: null, actorUsername: 'system:applicant-notify', actorRoles: [], agencyId: null, requestId: null, ip: null };

export interface SendDeps {
  db: Kysely<Database>;
  clock: Clock;
  calendars: CalendarService;
  mailer: Transporter | null;
  mailFrom: string;
  sms: SmsProvider | null;
  /** The installation's secret, from which the lookup PIN is derived. */
  jwtSecret: string;
  publicBaseUrl: string;
  maxAttempts: number;
}

/** The public lookup address of a dossier. */
export function lookupUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/tra-cuu?ma=${encodeURIComponent(code)}`;
}

/** Sends the delivery `id` (attempt `attempt`, from 1); throws on a failure to retry. */
export async function sendDelivery(deps: SendDeps, id: string, attempt: number): Promise<void> {
  const { db, clock } = deps;
  const d = await db.selectFrom('applicant_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d || d.status !== 'queued' || !d.address) return;
  const dossier = await db.selectFrom('dossiers').selectAll().where('id', '=', d.dossier_id).executeTakeFirstOrThrow();
  // Each recorded attempt is one transaction with its audit row (the address masked).
  const update = (set: Record<string, unknown>) => db.transaction().execute(async (tx) => {
    const row = await tx.updateTable('applicant_deliveries').set({ ...set, updated_at: clock.now() }).where('id', '=', id).where('status', '=', 'queued')
      .returning(['status', 'attempts', 'last_error']).executeTakeFirst();
    if (!row) return;
    await writeAudit(tx, AUDIT_ACTOR, {
      action: 'applicant.delivery', targetType: 'dossier', targetId: d.dossier_code, agencyId: dossier.receiving_agency_id,
      before: { status: d.status, attempts: d.attempts },
      after: { delivery: String(d.id), kind: d.kind, channel: d.channel, address: maskContact(d.channel, d.address), status: row.status, attempts: row.attempts, error: row.last_error },
    });
  });
  if ((d.channel === 'email' && !deps.mailer) || (d.channel === 'sms' && !deps.sms)) {
    await update({ status: 'no-channel', last_error: d.channel === 'email' ? 'E-mail not configured (SMTP_URL)' : 'SMS not configured (SMS_PROVIDER=none)' });
    return;
  }
  const procedure = await db.selectFrom('procedures').select('name_vi').where('id', '=', dossier.procedure_id).executeTakeFirst();
  const agency = await db.selectFrom('agencies').select('name').where('id', '=', dossier.receiving_agency_id).executeTakeFirst();
  const pin = lookupPin(deps.jwtSecret, d.dossier_code);
  const message = renderApplicantMessage({
    kind: d.kind as DeliveryKind, dossierCode: d.dossier_code, procedureName: procedure?.name_vi ?? dossier.procedure_id, agencyName: agency?.name ?? '',
    facts: d.facts, pin, lookupUrl: lookupUrl(deps.publicBaseUrl, d.dossier_code),
  });
  try {
    let messageId: string;
    if (d.channel === 'email') {
      const attachments = [];
      if (d.kind === 'extension') {
        const input = await formInput(db, dossier, '04', clock.now(), deps.calendars);
        if (input) attachments.push({ filename: `${d.dossier_code}-mau-04.pdf`, content: await renderForm('04', input), contentType: 'application/pdf' });
      }
      const info = await deps.mailer!.sendMail({ from: deps.mailFrom, to: d.address, subject: message.subject, text: message.text, attachments });
      messageId = String(info.messageId ?? '');
    } else {
      messageId = (await deps.sms!.send(d.address, message.sms, [pin])).messageId;
    }
    await update({ status: 'sent', attempts: attempt, last_error: null, provider_message_id: messageId || null, sent_at: clock.now() });
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await update({ attempts: attempt, last_error: error, ...(attempt >= deps.maxAttempts ? { status: 'failed' } : {}) });
    throw err;
  }
}
