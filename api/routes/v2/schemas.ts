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

/** A reference key chosen by the client (accepted, not recorded). */
export const OPERATION_REFERENCE = { type: 'integer', minimum: 1 } as const;
