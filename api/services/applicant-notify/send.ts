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
import type { ApplicantDelivery, Database } from '../../db/database.ts';
import { renderForm } from '../../forms/index.ts';
import type { CalendarService } from '../calendars.ts';
import type { Clock } from '../clock.ts';
import { formInput } from '../form-inputs.ts';
import { lookupPin } from '../lookup-pin.ts';
import { AUDIT_COLUMNS, auditRowPer, type AuditContext } from '../audit.ts';
import { maskContact } from './contacts.ts';
import type { SmsProvider } from './channels.ts';
import { renderApplicantMessage, type DeliveryKind } from './templates.ts';
import { preparing } from '../../db/prepared-statements.ts';
import type { handledMark } from '../../workers/outbox-outcome.ts';
import { marked, type Marked } from '../../workers/outbox-retry.ts';

/** The outbox event's mark for the delivery's final statement (`handledMark`). */
type HandledMark = ReturnType<typeof handledMark>;

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

/**
 * Sends the delivery `id` (attempt `attempt`, from 1); throws on a failure to retry. With `handled` (the
 * outbox event's mark, `handledMark`), the row's final change also marks the event handled, in the same
 * statement, and the answer is `marked`.
 */
export async function sendDelivery(deps: SendDeps, id: string, attempt: number, handled?: HandledMark): Promise<void | Marked> {
  const { clock } = deps;
  const db = preparing(deps.db);
  // The delivery and the names its message gives, in one read (a burst of receptions sends two a dossier).
  const d = await db.selectFrom('applicant_deliveries as d').innerJoin('dossiers as x', 'x.id', 'd.dossier_id')
    .leftJoin('procedures as p', 'p.id', 'x.procedure_id').leftJoin('agencies as a', 'a.id', 'x.receiving_agency_id')
    .selectAll('d').select(['x.receiving_agency_id', 'x.procedure_id', 'p.name_vi as procedure_name', 'a.name as agency_name'])
    .where('d.id', '=', id).executeTakeFirst();
  if (!d || d.status !== 'queued' || !d.address) return;
  // Each recorded attempt is one statement: the row's change and, if it changed, its audit row (the address masked).
  const update = async (set: { status?: ApplicantDelivery['status']; attempts?: number; last_error: string | null; provider_message_id?: string | null; sent_at?: Date }, mark?: HandledMark) => {
    const audit = auditRowPer('changed', AUDIT_ACTOR, {
      action: 'applicant.delivery', targetType: 'dossier', targetId: d.dossier_code, agencyId: d.receiving_agency_id,
      before: { status: d.status, attempts: d.attempts },
      after: {
        delivery: String(d.id), kind: d.kind, channel: d.channel, address: maskContact(d.channel, d.address),
        status: set.status ?? d.status, attempts: set.attempts ?? d.attempts, error: set.last_error,
      },
    });
    const first = (mark ? db.with('handled', mark) : db) as typeof db;
    await first.with('changed', (q) => q.updateTable('applicant_deliveries').set({ ...set, updated_at: clock.now() }).where('id', '=', id).where('status', '=', 'queued').returning('id'))
      .insertInto('audit_log').columns(AUDIT_COLUMNS).expression(audit).execute();
    return mark ? marked : undefined;
  };
  if ((d.channel === 'email' && !deps.mailer) || (d.channel === 'sms' && !deps.sms)) {
    return update({ status: 'no-channel', last_error: d.channel === 'email' ? 'E-mail not configured (SMTP_URL)' : 'SMS not configured (SMS_PROVIDER=none)' }, handled);
  }
  const pin = lookupPin(deps.jwtSecret, d.dossier_code);
  const message = renderApplicantMessage({
    kind: d.kind as DeliveryKind, dossierCode: d.dossier_code, procedureName: d.procedure_name ?? d.procedure_id, agencyName: d.agency_name ?? '',
    facts: d.facts, pin, lookupUrl: lookupUrl(deps.publicBaseUrl, d.dossier_code),
  });
  try {
    let messageId: string;
    if (d.channel === 'email') {
      const attachments = [];
      if (d.kind === 'extension') {
        const dossier = await db.selectFrom('dossiers').selectAll().where('id', '=', d.dossier_id).executeTakeFirstOrThrow();
        const input = await formInput(db, dossier, '04', clock.now(), deps.calendars);
        if (input) attachments.push({ filename: `${d.dossier_code}-mau-04.pdf`, content: await renderForm('04', input), contentType: 'application/pdf' });
      }
      const info = await deps.mailer!.sendMail({ from: deps.mailFrom, to: d.address, subject: message.subject, text: message.text, attachments });
      messageId = String(info.messageId ?? '');
    } else {
      messageId = (await deps.sms!.send(d.address, message.sms, [pin])).messageId;
    }
    return await update({ status: 'sent', attempts: attempt, last_error: null, provider_message_id: messageId || null, sent_at: clock.now() }, handled);
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await update({ attempts: attempt, last_error: error, ...(attempt >= deps.maxAttempts ? { status: 'failed' } : {}) });
    throw err;
  }
}
