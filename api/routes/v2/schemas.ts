/** JSON Schema fragments shared by the `/v2` routes (Camunda 8.8 shapes). */
import { INT4_MAX } from '../../validation.ts';

/**
 * A Camunda key: a decimal string (at most 25 characters, as Camunda 8.8's `LongKey`) whose value fits
 * the engine's int64 keys (`camunda-key`, validation.ts); any other is malformed (400).
 */
export const KEY = { type: 'string', pattern: '^[0-9]+$', maxLength: 25, format: 'camunda-key' } as const;

/** `params` of a route with one key in its path. */
export const keyParams = (name: string) => ({ type: 'object', required: [name], properties: { [name]: KEY } }) as const;

/** A JSON object of variables. */
export const VARIABLES = { type: 'object' } as const;

/** The only tenant of the embedded engine. */
export const DEFAULT_TENANT = '<default>';

/** A tenant id: only the default tenant exists here. */
export const TENANT_ID = { type: 'string', enum: [DEFAULT_TENANT] } as const;

/**
 * An int64 value: Camunda's generated clients send them as numbers or as decimal strings
 * (e.g. `"requestTimeout": "0"`); read them with {@link int64}.
 */
export const INT64 = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]{1,18}$' }] } as const;

/**
 * A duration in ms (timeouts, back-offs, time to live), as {@link INT64} but at most 10^15 (about 31,700
 * years): a later deadline is beyond what a JavaScript date or the database holds.
 */
export const DURATION_MS = { anyOf: [{ type: 'integer', minimum: 0, maximum: 1e15 }, { type: 'string', pattern: '^[0-9]{1,15}$' }] } as const;

/**
 * Text the engine indexes (message names, correlation keys and ids, assignees): at most 300 characters,
 * so that an index entry always fits (PostgreSQL refuses one above about 2,700 bytes).
 */
export const INDEXED_TEXT = { type: 'string', maxLength: 300 } as const;

/** A number stored in an `integer` column (versions, retries). */
export const INT4 = { type: 'integer', minimum: 0, maximum: INT4_MAX } as const;

/** An int64 body value as a number (undefined stays undefined). */
export const int64 = (value: number | string | undefined): number | undefined => (value === undefined ? undefined : Number(value));

/** A reference key chosen by the client (accepted, not recorded). */
export const OPERATION_REFERENCE = INT64;

/**
 * The `variables` filter of a process-instance search (Camunda 8.8 `VariableValueFilterProperty[]`):
 * `{ name, value }` items that must all match, each `value` the variable's JSON text (`"\"HS-1\""` for
 * the string HS-1), plain or as `$eq`. The other operators are named so the route can answer 501.
 */
export const VARIABLE_VALUE_FILTERS = {
  type: 'array', maxItems: 100,
  items: {
    type: 'object', additionalProperties: false, required: ['name', 'value'],
    properties: {
      name: { type: 'string', minLength: 1 },
      value: {
        anyOf: [
          { type: 'string' },
          { type: 'object', additionalProperties: false, minProperties: 1, properties: { $eq: { type: 'string' }, $neq: {}, $exists: {}, $in: {}, $notIn: {}, $like: {} } },
        ],
      },
    },
  },
} as const;

/** One item of {@link VARIABLE_VALUE_FILTERS}. */
export interface VariableValueFilter {
  name: string;
  value: string | Record<string, unknown>;
}
