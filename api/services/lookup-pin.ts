/**
 * The dossier's lookup PIN: the second factor of the public lookup. Dossier codes are sequential, so the
 * bare code shows only status and due date; names, documents and supplement details (and the rating)
 * need the code and this PIN, printed on form 01 (the receipt) and sent to the applicant.
 *
 * The PIN is derived, not stored: an HMAC of the code under a key derived from the installation's secret,
 * read as 6 decimal digits. A receipt reprinted later carries the same PIN; changing the secret changes
 * every PIN (documented in the README). Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LOOKUP_PIN_LENGTH = 6;

const keyOf = (secret: string) => createHmac('sha256', secret).update('motcua lookup pin v1').digest();

/** The 6-digit PIN of a dossier code. */
export function lookupPin(secret: string, code: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(code.trim().toUpperCase()).digest();
  return String(mac.readUInt32BE(0) % 10 ** LOOKUP_PIN_LENGTH).padStart(LOOKUP_PIN_LENGTH, '0');
}

/** Whether `pin` (as typed: spaces ignored) is the PIN of `code`. */
export function verifyLookupPin(secret: string, code: string, pin: unknown): boolean {
  if (typeof pin !== 'string') return false;
  const typed = pin.replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(typed)) return false;
  return timingSafeEqual(Buffer.from(typed), Buffer.from(lookupPin(secret, code)));
}
