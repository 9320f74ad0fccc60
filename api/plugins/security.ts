/** Security headers (helmet) and rate limiting (only on routes that opt in: login and public routes). */
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { AppError } from '../errors.ts';

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
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
}, { name: 'security' });
