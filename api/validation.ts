/**
 * Request validation: bodies are validated strictly (no type coercion, unknown fields refused),
 * query strings and params with coercion of strings to the declared types. Every bad field is
 * reported with a message in Vietnamese and English.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldError, Lang } from './errors.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** Largest value of a PostgreSQL `integer` column (versions, retries): schemas bound numbers stored in one. */
export const INT4_MAX = 2_147_483_647;

/** Largest value of a PostgreSQL `bigint`, the type of the workflow engine's keys. */
const INT64_MAX = 9223372036854775807n;

/**
 * A Camunda key the engine can hold: decimal digits (at most 25, as in Camunda 8.8's `LongKey`) of a
 * value within int64 — a longer one cannot name anything and would overflow the `bigint` columns.
 */
export function isCamundaKey(value: string): boolean {
  return /^[0-9]{1,25}$/.test(value) && BigInt(value) <= INT64_MAX;
}

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes: coerce ? 'array' : false, removeAdditional: false, useDefaults: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('camunda-key', { type: 'string', validate: isCamundaKey });
  ajv.addKeyword({ keyword: 'example' });
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

/** Fastify validator compiler: strict for bodies, coercing for query, params and headers. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
  return ajv.compile(schema as object) as ValidateFunction;
};

const TYPE_VI: Record<string, string> = {
  string: 'chuỗi', integer: 'số nguyên', number: 'số', boolean: 'true/false', object: 'đối tượng', array: 'danh sách', null: 'null',
};

function fieldOf(part: string, e: ErrorObject): string {
  const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const join = (name: string) => (base ? `${base}.${name}` : name);
  if (e.keyword === 'required') return join(String(e.params.missingProperty));
  if (e.keyword === 'additionalProperties') return join(String(e.params.additionalProperty));
  return base || part;
}

function messageOf(e: ErrorObject, lang: Lang): string {
  const p = e.params as Record<string, unknown>;
  const vi = lang === 'vi';
  switch (e.keyword) {
    case 'required': return vi ? 'là trường bắt buộc' : 'is required';
    case 'additionalProperties': return vi ? 'là trường không được phép' : 'is not an allowed field';
    case 'type': return vi ? `phải là ${String(p.type).split(',').map((t) => TYPE_VI[t] ?? t).join(' hoặc ')}` : `must be ${String(p.type)}`;
    case 'format':
      if (p.format === 'camunda-key') return vi ? 'không phải khóa hợp lệ (chữ số, không vượt quá 9223372036854775807)' : 'is not a valid key (decimal digits, at most 9223372036854775807)';
      return vi ? `không đúng định dạng ${String(p.format)}` : `must be a valid ${String(p.format)}`;
    case 'minLength': return vi ? `phải có ít nhất ${p.limit} ký tự` : `must have at least ${p.limit} characters`;
    case 'maxLength': return vi ? `không được quá ${p.limit} ký tự` : `must have at most ${p.limit} characters`;
    case 'minimum': return vi ? `phải lớn hơn hoặc bằng ${p.limit}` : `must be at least ${p.limit}`;
    case 'maximum': return vi ? `phải nhỏ hơn hoặc bằng ${p.limit}` : `must be at most ${p.limit}`;
    case 'minItems': return vi ? `phải có ít nhất ${p.limit} phần tử` : `must have at least ${p.limit} items`;
    case 'maxItems': return vi ? `không được quá ${p.limit} phần tử` : `must have at most ${p.limit} items`;
    case 'uniqueItems': return vi ? 'không được có phần tử trùng nhau' : 'must not contain duplicates';
    case 'enum': return vi ? `phải là một trong: ${(p.allowedValues as unknown[]).join(', ')}` : `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'pattern': return vi ? 'không đúng định dạng' : 'has an invalid format';
    case 'const': return vi ? `phải bằng ${String(p.allowedValue)}` : `must equal ${String(p.allowedValue)}`;
    case 'minProperties': return vi ? 'không được để trống' : 'must not be empty';
    // Raised by the bad-input guard (plugins/bad-input.ts), not by a schema.
    case 'storableText': return vi ? 'không được chứa ký tự NUL (\\u0000) hay ký tự Unicode không hợp lệ' : 'must not contain the NUL character (\\u0000) or invalid Unicode';
    case 'url': return vi ? 'không phải đường dẫn hợp lệ (mã hóa phần trăm sai)' : 'is not a valid URL (bad percent-encoding)';
    default: return vi ? 'không hợp lệ' : 'is invalid';
  }
}

/** Turns ajv errors into one entry per bad field (the first message for each field). */
export function fieldErrors(part: string, errors: ErrorObject[], lang: Lang): FieldError[] {
  const byField = new Map<string, string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const field = fieldOf(part, e);
    if (!byField.has(field)) byField.set(field, messageOf(e, lang));
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/**
 * Validates a value against a schema outside a route (e.g. a stored form); returns field errors or [].
 * `coerce` converts strings as query strings are (the value is changed in place); `prefix` names
 * the fields under it (`query.overdue`).
 */
export function validateValue(schema: object, value: unknown, lang: Lang, options: { coerce?: boolean; prefix?: string } = {}): FieldError[] {
  const validate = (options.coerce ? coercingAjv : strictAjv).compile(schema);
  if (validate(value)) return [];
  const { prefix } = options;
  const errors = fieldErrors(prefix ?? 'body', validate.errors ?? [], lang);
  return prefix ? errors.map((e) => (e.field === prefix ? e : { ...e, field: `${prefix}.${e.field}` })) : errors;
}
