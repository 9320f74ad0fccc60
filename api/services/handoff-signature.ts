/**
 * Signatures of handoff webhooks and callbacks: `X-Motcua-Signature: sha256=<hex HMAC-SHA256 of
 * the raw body>` with the agency's secret, and `X-Api-Key` checked against its SHA-256 hash.
 * Comparisons are timing-safe. Secrets are never logged or returned.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header value of a raw body. */
export function signBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether a signature header matches the raw body. */
export function verifySignature(secret: string | null, rawBody: string | Buffer, header: string | undefined): boolean {
  if (!secret || !header) return false;
  return safeEqual(signBody(secret, rawBody), header.trim());
}

/** SHA-256 hex of a text (API keys, replay fingerprints). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Whether an API key matches a stored hash. */
export function verifyApiKey(hash: string | null, key: string | undefined): boolean {
  if (!hash || !key) return false;
  return safeEqual(sha256Hex(key), hash);
}
