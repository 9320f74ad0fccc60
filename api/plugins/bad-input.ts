/**
 * Bad input answered as a client error in the shape of the API hit, never a 5xx:
 * - text PostgreSQL cannot store — the NUL character (U+0000) or a lone UTF-16 surrogate, which
 *   `text` and `jsonb` refuse — in a path parameter, the query string or anywhere in a parsed body
 *   (keys included) is a 400 naming the field, raised before the schema is checked and rendered by
 *   the scope's error handler as a schema validation error (`/api` details, `/v2` problem fields);
 * - a URL the router cannot decode, or a path parameter too long for it, answered by the router
 *   itself (`frameworkErrors`, set in app.ts) in the same shapes.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError, requestLang } from '../errors.ts';
import { v2ErrorHandler } from '../routes/v2/error-handler.ts';
import { appErrorHandler } from './errors.ts';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string can be stored as PostgreSQL text (no NUL, no lone surrogate). */
export const isStorableText = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

/** A key shown in a field name, its unstorable characters escaped. */
const shown = (key: string) => key.replaceAll('\u0000', '\\u0000').replace(new RegExp(LONE_SURROGATE, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** The ajv-style error of unstorable text at a JSON pointer (its message is in validation.ts). */
export const unstorableTextError = (instancePath = ''): ErrorObject => ({ keyword: 'storableText', instancePath, schemaPath: '', params: {} });

/** Where a value holds unstorable text (strings and object keys, at any depth): ajv-style errors, at most 10. */
export function unstorableText(value: unknown): ErrorObject[] {
  const errors: ErrorObject[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  const report = (instancePath: string) => errors.push(unstorableTextError(instancePath));
  while (stack.length && errors.length < 10) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) report(path);
    } else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      for (const [key, child] of Object.entries(v)) {
        const at = `${path}/${shown(key)}`;
        if (!isStorableText(key)) report(at);
        else stack.push([child, at]);
      }
    }
  }
  return errors;
}

/** A validation error as Fastify raises one, so that each scope's error handler renders it its own way. */
export function validationError(context: string, validation: ErrorObject[]): FastifyError {
  return Object.assign(new Error(`${context} is invalid`), { code: 'FST_ERR_VALIDATION', statusCode: 400, validation, validationContext: context }) as FastifyError;
}

/** The router's own errors (undecodable URL, overlong parameter) in the shape of the API hit. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.lang = requestLang(request.headers['accept-language']);
  const handler = /^\/v2(\/|$)/.test(request.url) ? v2ErrorHandler : appErrorHandler;
  if (error.code === 'FST_ERR_BAD_URL') handler(validationError('url', [{ keyword: 'url', instancePath: '', schemaPath: '', params: {} }]), request, reply);
  else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') handler(new AppError('URI_TOO_LONG') as unknown as FastifyError, request, reply);
  else handler(error, request, reply);
}

export default fp(async (app) => {
  app.addHook('preValidation', async (request) => {
    for (const [context, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const errors = unstorableText(value);
      if (errors.length) throw validationError(context, errors);
    }
  });
}, { name: 'bad-input', dependencies: ['errors'] });
