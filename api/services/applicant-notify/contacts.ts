/**
 * Where the applicant can be reached: the e-mail address and phone number of the dossier's form
 * (`formData.applicant`, `schemas/procedures/common.schema.json`), and how they are shown masked
 * (the delivery log, the logs). Pure.
 */
import { maskPhone } from '../../domain/dossier/masking.ts';

/** The applicant's channels, as the form gave them (null when absent or unusable). */
export interface ApplicantContacts {
  email: string | null;
  phone: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The contacts of a dossier: `formData.applicant` first, then the dossier's `applicant` summary. */
export function applicantContacts(formData: Record<string, unknown> | null, applicant: Record<string, unknown> | null): ApplicantContacts {
  const fromForm = (formData?.applicant ?? null) as Record<string, unknown> | null;
  const pick = (key: string) => text(fromForm?.[key]) ?? text(applicant?.[key]);
  const email = pick('email');
  const phone = pick('phone');
  return { email: email && EMAIL.test(email) ? email : null, phone: phone && /\d{9,}/.test(phone.replace(/[\s.+-]/g, '')) ? phone : null };
}

/** `an.nguyen@example.vn` → `a***n@example.vn`; the domain stays (it tells which mailbox). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local[0]}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${shown}${email.slice(at)}`;
}

/** The address of a delivery as it may be shown or logged. */
export function maskContact(channel: string, address: string | null): string | null {
  if (!address) return null;
  return channel === 'email' ? maskEmail(address) : channel === 'sms' ? maskPhone(address) : null;
}
