/**
 * Logger options: pino with secrets redacted and full citizen ID numbers (12 digits, CCCD) masked
 * wherever they appear in a logged string or URL. Request bodies are never logged.
 */
import type { FastifyRequest } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';

const CCCD = /(?<!\d)(\d{3})\d{7}(\d{2})(?!\d)/g;

/** Masks every 12-digit number in a string, keeping the first 3 and last 2 digits. */
export function maskIdNumbers(text: string): string {
  return text.replace(CCCD, '$1*******$2');
}

const SECRET_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.headers["x-motcua-signature"]',
  'password', '*.password', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken', 'token', '*.token',
  'secret', '*.secret', 'apiKey', '*.apiKey', 'idNumber', '*.idNumber', '*.*.idNumber',
];

/** Pino options for the API; `stream` lets tests read what was logged. */
export function loggerOptions(level: string, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: FastifyRequest) {
        const url = maskIdNumbers(req.url).replace(/([?&]access_token=)[^&]*/g, '$1[redacted]');
        return { method: req.method, url, remoteAddress: req.ip, requestId: req.id };
      },
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskIdNumbers(a) : a));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
    ...(stream ? { stream } : {}),
  };
}
