/**
 * The channels that reach the applicant.
 *
 * SMS: a province plugs its gateway (a telecom's "SMS brandname" API) by implementing
 * `SmsProvider` — `send(to, text, secrets)` resolves with the gateway's message id once the gateway
 * has accepted the message, and rejects (throws) when it refuses or cannot be reached, so the outbox
 * retries it; it never logs `secrets` (the lookup PIN) — and naming it in `smsProviderOf`.
 * `SMS_PROVIDER=demo` writes the message to the log (the number and the PIN masked); `none` sends no
 * SMS (the delivery is recorded as `no-channel`).
 *
 * E-mail: nodemailer on `SMTP_URL`.
 */
import { randomUUID } from 'node:crypto';
import { maskPhone } from '../../domain/dossier/masking.ts';

/** An SMS gateway. */
export interface SmsProvider {
  readonly name: string;
  /**
   * Sends `text` to the phone number `to`; resolves with the gateway's message id, throws when refused.
   * `secrets` are parts of the text (the lookup PIN) that must never be written to a log.
   */
  send(to: string, text: string, secrets?: readonly string[]): Promise<{ messageId: string }>;
}

/** The configured SMS provider kinds (`SMS_PROVIDER`). */
export type SmsProviderName = 'demo' | 'none';

/** A logger (pino's shape). */
export interface ChannelLog {
  info(obj: object, msg: string): void;
}

/** The demo provider: logs the masked number and the text (its secrets masked), sends nothing. */
export function demoSmsProvider(log: ChannelLog): SmsProvider {
  return {
    name: 'demo',
    async send(to, text, secrets = []) {
      const messageId = `demo-${randomUUID()}`;
      const shown = secrets.filter(Boolean).reduce((t, secret) => t.split(secret).join('*'.repeat(secret.length)), text);
      log.info({ sms: { to: maskPhone(to), text: shown, messageId } }, 'demo SMS (not sent)');
      return { messageId };
    },
  };
}

/** The provider of a configuration value; null for `none`. */
export function smsProviderOf(name: SmsProviderName, log: ChannelLog): SmsProvider | null {
  return name === 'demo' ? demoSmsProvider(log) : null;
}
