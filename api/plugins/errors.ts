/**
 * The single error handler: every error becomes `{ statusCode, code, message, details? }` in the
 * client's language; 5xx are logged in full and returned without internals.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, requestLang, type ErrorCode } from '../errors.ts';
import { fieldErrors } from '../validation.ts';
import { EngineError } from '../../engine-adapter/errors.ts';
import { engineHttp, engineOutages } from '../engine-errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of this request's messages. */
    lang: 'vi' | 'en';
  }
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FAST_JWT_EXPIRED: 'INVALID_TOKEN',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_FILES_LIMIT: 'VALIDATION_FAILED',
  FST_FIELDS_LIMIT: 'VALIDATION_FAILED',
};

function toAppError(error: FastifyError & { validation?: unknown[]; validationContext?: string }, request: FastifyRequest): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof EngineError) return engineError(error);
  if (error.validation) {
    const details = fieldErrors(error.validationContext ?? 'body', error.validation as never, request.lang);
    return new AppError('VALIDATION_FAILED', details);
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return new AppError(mapped);
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError('MALFORMED_JSON');
  if (error.statusCode === 429) return new AppError('RATE_LIMITED');
  if (error.statusCode === 413) return new AppError('BODY_TOO_LARGE');
  if (error.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  return null;
}

const ENGINE_APP_CODES: Record<string, ErrorCode> = { not_found: 'NOT_FOUND', conflict: 'CONFLICT', input: 'VALIDATION_FAILED' };

/** An engine error as an API error, by the one table of `engine-errors.ts`; the engine's code is kept for 4xx. */
function engineError(error: EngineError): AppError {
  // A task listener's denial (claim, unclaim, hand-off, complete): its own code, with the listener's reason.
  const reason = error.context.deniedReason;
  if (typeof reason === 'string') {
    return new AppError('TASK_DENIED', { key: error.context.key, deniedReason: reason }, { vi: `${ERRORS.TASK_DENIED.vi}: ${reason}`, en: `${ERRORS.TASK_DENIED.en}: ${reason}` });
  }
  const http = engineHttp(error);
  const own = ENGINE_APP_CODES[http.kind];
  if (own) {
    const e = new AppError(own, { ...error.context }, { vi: error.message, en: error.message });
    Object.assign(e, { code: error.code });
    return e;
  }
  if (http.kind === 'unavailable') return new AppError(http.status === 504 ? 'ENGINE_TIMEOUT' : 'ENGINE_UNAVAILABLE');
  return new AppError(http.kind === 'engine' ? 'ENGINE_FAILED' : 'INTERNAL');
}

/** Sends an AppError in the request's language. */
export function sendError(reply: FastifyReply, request: FastifyRequest, err: AppError): FastifyReply {
  const body: Record<string, unknown> = { statusCode: err.statusCode, code: err.code, message: err.messageIn(request.lang) };
  if (err.details !== undefined) body.details = err.details;
  return reply.status(err.statusCode).type('application/json; charset=utf-8').send(body);
}

/** The error handler of `/api` (and every route outside `/v2`). */
export function appErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toAppError(error, request);
  if (known) {
    const engine = error instanceof EngineError ? engineHttp(error) : undefined;
    if (engine?.retryAfter) reply.header('retry-after', String(engine.retryAfter));
    if (engine?.kind === 'unavailable') engineOutages.report(request.log, error as EngineError);
    else if (known.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, request, known);
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, request, new AppError('INTERNAL'));
  }
  request.log.info({ code: error.code, status }, 'client error');
  return sendError(reply, request, new AppError('VALIDATION_FAILED', undefined, { vi: ERRORS.VALIDATION_FAILED.vi, en: error.message }));
}

export default fp(async (app) => {
  app.decorateRequest('lang', 'vi');
  app.addHook('onRequest', async (request) => {
    request.lang = requestLang(request.headers['accept-language']);
  });

  app.setErrorHandler(appErrorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, request, new AppError('ROUTE_NOT_FOUND')));
}, { name: 'errors' });
