/**
 * The error handler of the `/v2` scope only (the app-wide handler stays as it is for `/api`):
 * every error becomes a Camunda-style problem. Engine errors map by their stable code; bad bodies
 * name their fields; 5xx are logged in full and answered without internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { fieldErrors } from '../../validation.ts';
import { EngineError } from '../../../engine-adapter/errors.ts';
import { engineHttp, engineOutages } from '../../engine-errors.ts';
import { Problem, sendProblem } from './problem.ts';

/** Fastify's own client errors. */
const FASTIFY_STATUS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'The JSON body is malformed', 'Nội dung JSON không đúng cú pháp'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'The JSON body is empty', 'Nội dung JSON trống'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'The request body is too large', 'Nội dung gửi lên vượt quá dung lượng cho phép'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Unsupported media type', 'Định dạng nội dung không được hỗ trợ'],
  FST_REQ_FILE_TOO_LARGE: [413, 'A resource is too large', 'Tệp vượt quá dung lượng cho phép'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'Expected multipart/form-data', 'Cần gửi multipart/form-data'],
  FST_FILES_LIMIT: [400, 'Too many resources in one deployment', 'Quá nhiều tệp trong một lần triển khai'],
  FST_PARTS_LIMIT: [400, 'Too many parts', 'Quá nhiều phần trong yêu cầu'],
};

/** The status of an engine error comes from the table shared with `/api` (`api/engine-errors.ts`). */
function engineProblem(error: EngineError): Problem {
  const { status } = engineHttp(error);
  const context = Object.fromEntries(Object.entries(error.context).filter(([, v]) => v !== undefined));
  return new Problem(status, error.message, error.message, { code: error.code, ...context });
}

function validationProblem(error: FastifyError & { validation: unknown[]; validationContext?: string }): Problem {
  const part = error.validationContext ?? 'body';
  const en = fieldErrors(part, error.validation as never, 'en');
  const vi = fieldErrors(part, error.validation as never, 'vi');
  const list = (errs: typeof en) => errs.map((e) => `[${e.field}] ${e.message}`).join('; ');
  return new Problem(400, `Request property ${list(en)}`, `Trường ${list(vi)}`, { fields: en.map((e, i) => ({ field: e.field, message: e.message, messageVi: vi[i]?.message })) });
}

/** Turns any error into a problem. */
export function toProblem(error: FastifyError): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof AppError) return new Problem(error.statusCode, error.messageIn('en'), error.messageIn('vi'), error.details === undefined ? {} : { details: error.details });
  if (error instanceof EngineError) return engineProblem(error);
  const withValidation = error as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (withValidation.validation) return validationProblem(withValidation as never);
  const known = error.code ? FASTIFY_STATUS[error.code] : undefined;
  if (known) return new Problem(known[0], known[1], known[2]);
  if (error instanceof SyntaxError) return new Problem(400, 'The JSON body is malformed', 'Nội dung JSON không đúng cú pháp');
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) return new Problem(500, 'Internal error', 'Lỗi hệ thống, vui lòng thử lại sau');
  return new Problem(status, error.message, 'Yêu cầu không hợp lệ');
}

/** The `/v2` error handler. */
export function v2ErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  const engine = error instanceof EngineError ? engineHttp(error) : undefined;
  if (engine?.retryAfter) reply.header('retry-after', String(engine.retryAfter));
  if (engine?.kind === 'unavailable') engineOutages.report(request.log, error as EngineError);
  else if (problem.status >= 500 && problem.status !== 501) request.log.error({ err: error }, 'v2 request failed');
  else request.log.info({ status: problem.status, title: problem.title }, 'v2 client error');
  return sendProblem(reply, request, problem);
}
