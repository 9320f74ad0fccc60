/**
 * Handlers of the workers' outbox topics (consumed by `createOutboxConsumer`, at least once):
 * - `handoff.webhook`: POSTs the handoff to the external agency, signed; non-2xx throws (retried
 *   with backoff); on the last attempt the handoff is marked failed and the supervisors alerted;
 * - `handoff.result`: publishes the `handoff-result` message (idempotent by message id);
 * - `notification.email`: e-mails a delivered notification once (nodemailer).
 * - `applicant.delivery`: e-mails or texts the applicant one message (`services/applicant-notify`);
 *   each attempt recorded on the delivery, the last failure marks it failed.
 */
import type { Transporter } from 'nodemailer';
import type { OutboxEvent, OutboxHandler } from './outbox-consumer.ts';
import { signBody } from '../services/handoff-signature.ts';
import { getHandoff, RESULT_TOPIC, setHandoffState, webhookDb, WEBHOOK_TOPIC } from '../services/handoffs.ts';
import { EMAIL_TOPIC, recordNotification, type NotificationBus } from '../services/notifications.ts';
import { DELIVERY_TOPIC } from '../services/applicant-notify/queue.ts';
import { sendDelivery } from '../services/applicant-notify/send.ts';
import type { SmsProvider } from '../services/applicant-notify/channels.ts';
import { SYSTEM_AUDIT, type WorkerDeps } from './context.ts';
import { messageFor } from './messages.ts';
import { handledMark } from './outbox-outcome.ts';
import { resolveRecipients } from './recipients.ts';

export interface OutboxHandlerDeps extends WorkerDeps {
  bus: NotificationBus;
  mailer: Transporter | null;
  smtpFrom: string;
  maxAttempts: number;
  publicBaseUrl: string;
  /** The applicant's SMS gateway (null: `SMS_PROVIDER=none`). */
  sms: SmsProvider | null;
  /** The installation's secret (the lookup PIN of the applicant's messages is derived from it). */
  jwtSecret: string;
  /** Timeout of one webhook request in ms (default 10 s). */
  webhookTimeoutMs?: number;
}

async function webhookBody(deps: OutboxHandlerDeps, handoffId: string) {
  const h = await getHandoff(deps.db, handoffId);
  if (!h) return undefined;
  const agency = await webhookDb(deps.db).selectFrom('agencies').select(['webhook_url', 'webhook_secret']).where('id', '=', h.target_agency_id).executeTakeFirstOrThrow();
  const dossier = await deps.db.selectFrom('dossiers').select(['procedure_id', 'applicant', 'form_data', 'received_at']).where('id', '=', h.dossier_id).executeTakeFirstOrThrow();
  const body = JSON.stringify({
    handoffId: h.id, dossierCode: h.dossier_code, procedureId: dossier.procedure_id, purpose: h.purpose, targetRole: h.target_role,
    sentAt: h.sent_at.toISOString(), dueAt: h.due_at.toISOString(), applicant: dossier.applicant, formData: dossier.form_data,
    callbackUrl: `${deps.publicBaseUrl.replace(/\/$/, '')}/api/handoffs/${h.id}/result`,
  });
  return { h, agency, body };
}

async function alertSupervisors(deps: OutboxHandlerDeps, handoffId: string, dossierId: string): Promise<void> {
  const dossier = await deps.db.selectFrom('dossiers').selectAll().where('id', '=', dossierId).executeTakeFirstOrThrow();
  const texts = messageFor('handoff-failed', { dossierCode: dossier.code, procedureName: '', stepName: null, due: null }, null);
  const now = deps.clock.now();
  for (const r of await resolveRecipients(deps.db, dossier, 'supervisor', undefined)) {
    const row = await recordNotification(deps.db, { userId: r.userId, kind: 'handoff-failed', dossierCode: dossier.code, agencyId: r.agencyId, ...texts, dedupeKey: `handoff-failed:${dossier.code}:${handoffId}:${r.userId}` }, now, deps.mailer !== null);
    if (row?.delivered_at) deps.bus.publish(row);
  }
}

function webhookHandler(deps: OutboxHandlerDeps): OutboxHandler {
  return async (event: OutboxEvent) => {
    const found = await webhookBody(deps, String(event.payload.handoffId));
    if (!found || found.h.state !== 'sent' || !found.agency.webhook_url || !found.agency.webhook_secret) return;
    const { h, agency, body } = found;
    try {
      const res = await fetch(agency.webhook_url!, {
        method: 'POST', body, signal: AbortSignal.timeout(deps.webhookTimeoutMs ?? 10_000),
        headers: { 'content-type': 'application/json', 'x-motcua-signature': signBody(agency.webhook_secret!, body), 'x-motcua-timestamp': deps.clock.now().toISOString(), 'x-motcua-handoff-id': h.id },
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
      await setHandoffState(deps.db, h.id, 'delivered', SYSTEM_AUDIT, deps.clock.now(), { attempts: event.attempts + 1 });
    } catch (err) {
      if (event.attempts + 1 >= deps.maxAttempts) {
        await setHandoffState(deps.db, h.id, 'failed', SYSTEM_AUDIT, deps.clock.now(), { attempts: event.attempts + 1 });
        await alertSupervisors(deps, h.id, h.dossier_id);
      }
      throw err;
    }
  };
}

function resultHandler(deps: OutboxHandlerDeps): OutboxHandler {
  return async (event) => {
    const id = String(event.payload.handoffId);
    await deps.engine.publishMessage({ name: 'handoff-result', correlationKey: id, variables: { handoffResult: event.payload.handoffResult }, timeToLive: 86_400_000, messageId: `handoff-result-${id}` });
  };
}

function emailHandler(deps: OutboxHandlerDeps): OutboxHandler {
  return async (event) => {
    if (!deps.mailer) return;
    const id = String(event.payload.notificationId);
    const n = await deps.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['notifications.id', 'notifications.title_vi', 'notifications.title_en', 'notifications.body_vi', 'notifications.body_en', 'notifications.emailed_at', 'users.email'])
      .where('notifications.id', '=', id).executeTakeFirst();
    if (!n?.email || n.emailed_at) return;
    await deps.mailer.sendMail({ from: deps.smtpFrom, to: n.email, subject: n.title_vi, text: `${n.body_vi}\n\n---\n${n.title_en}\n${n.body_en}\n` });
    await deps.db.updateTable('notifications').set({ emailed_at: deps.clock.now() }).where('id', '=', id).execute();
  };
}

function deliveryHandler(deps: OutboxHandlerDeps): OutboxHandler {
  const send = { ...deps, mailFrom: deps.smtpFrom };
  return async (event) => sendDelivery(send, String(event.payload.deliveryId), event.attempts + 1, handledMark(event, deps.clock));
}

/** The handlers by topic. */
export function workerOutboxHandlers(deps: OutboxHandlerDeps): Record<string, OutboxHandler> {
  return { [WEBHOOK_TOPIC]: webhookHandler(deps), [RESULT_TOPIC]: resultHandler(deps), [EMAIL_TOPIC]: emailHandler(deps), [DELIVERY_TOPIC]: deliveryHandler(deps) };
}
