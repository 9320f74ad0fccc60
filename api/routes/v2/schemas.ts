/** JSON Schema fragments shared by the `/v2` routes (Camunda 8.8 shapes). */

/** A Camunda key: a decimal string. */
export const KEY = { type: 'string', pattern: '^[0-9]+$', maxLength: 25 } as const;

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
