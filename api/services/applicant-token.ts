/**
 * The applicant's short-lived token for online submission, issued once the identity provider has
 * verified the person (VNeID; the demo: a one-time code). It names the person only by a keyed hash
 * of their ID number (and the masked number, for audit rows), so it is good for that person's own
 * submission and documents and nothing else. Not a JWT of the officers' API: their routes refuse it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';
import { maskCccd } from '../domain/dossier/index.ts';
import type { AuditContext } from './audit.ts';

export const APPLICANT_TOKEN_TTL_SECONDS = 30 * 60;
const PREFIX = 'apl.';

export interface Applicant {
  /** Keyed hash of the personal ID number. */
  pid: string;
  /** The masked number (audit rows, the page). */
  masked: string;
  level: number | null;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const keyOf = (secret: string) => createHmac('sha256', secret).update('motcua applicant token v1').digest();
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function personHash(secret: string, idNumber: string): string {
  return createHmac('sha256', keyOf(secret)).update(`pid:${idNumber}`).digest('base64url');
}

export function signApplicantToken(secret: string, idNumber: string, level: number | null, now: Date): { token: string; expiresAt: string; applicant: Applicant } {
  const applicant: Applicant = { pid: personHash(secret, idNumber), masked: maskCccd(idNumber), level, exp: Math.floor(now.getTime() / 1000) + APPLICANT_TOKEN_TTL_SECONDS };
  const body = b64(JSON.stringify(applicant));
  const mac = createHmac('sha256', keyOf(secret)).update(body).digest('base64url');
  return { token: `${PREFIX}${body}.${mac}`, expiresAt: new Date(applicant.exp * 1000).toISOString(), applicant };
}

/** The applicant of a request's `Authorization: Bearer apl.…` header. @throws APPLICANT_TOKEN_REQUIRED otherwise. */
export function applicantOf(secret: string, authorization: string | undefined, now: Date): Applicant {
  const token = /^Bearer (apl\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new AppError('APPLICANT_TOKEN_REQUIRED');
  const [body, mac] = token.slice(PREFIX.length).split('.') as [string, string];
  const want = createHmac('sha256', keyOf(secret)).update(body).digest();
  const got = Buffer.from(mac, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new AppError('APPLICANT_TOKEN_REQUIRED');
  let a: Applicant;
  try {
    a = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Applicant;
  } catch {
    throw new AppError('APPLICANT_TOKEN_REQUIRED');
  }
  if (typeof a.exp !== 'number' || a.exp * 1000 <= now.getTime() || typeof a.pid !== 'string') throw new AppError('APPLICANT_TOKEN_REQUIRED');
  return a;
}

/** Whether an ID number is the token's person. */
export function isApplicant(secret: string, a: Applicant, idNumber: string): boolean {
  return personHash(secret, idNumber) === a.pid;
}

/** The audit actor of an applicant's own action: no user, the masked number. */
export function applicantAudit(a: Pick<Applicant, 'masked'>, request: { id: string; ip: string }): AuditContext {
  return { actorId: null, actorUsername: `applicant:${a.masked}`, actorRoles: ['applicant'], agencyId: null, requestId: request.id, ip: request.ip };
}
