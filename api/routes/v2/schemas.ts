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
