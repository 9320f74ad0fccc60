/** Security headers (helmet) and rate limiting (only on routes that opt in: login and public routes). */
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Whose budget a request spends: its client address (IPv6 by /64, as the plugin's default). A client
 * that has already gone has no address left (`request.ip` is undefined, on which the default throws
 * a TypeError): such requests share one budget.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const ip = request.ip as string | undefined;
  return ip ? normalizeIP(ip) : 'client-gone';
}

export default fp<{ publicPerMinute: number }>(async (app, opts) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, {
    global: false,
    max: opts.publicPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
}, { name: 'security' });
