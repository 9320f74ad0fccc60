/**
 * Notifications that reach the applicant (no account): e-mail and SMS on receipt, supplement
 * request, result ready and extension. Queued in the dossier event's transaction (`queue.ts`),
 * sent by the workers from the outbox (`send.ts`), each attempt recorded and shown on the
 * dossier page (`deliveries.ts`).
 */
export { APPLICANT_EVENTS, DELIVERY_TOPIC, withApplicantDeliveries } from './queue.ts';
export { sendDelivery, lookupUrl, type SendDeps } from './send.ts';
export { demoSmsProvider, smsProviderOf, type SmsProvider, type SmsProviderName } from './channels.ts';
export { listDeliveries, deliveryView } from './deliveries.ts';
export { applicantContacts, maskEmail, maskContact } from './contacts.ts';
export { renderApplicantMessage, type DeliveryKind } from './templates.ts';
