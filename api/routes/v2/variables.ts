/**
 * Variables: search and get, for the root scope of a process instance (the read model exposes
 * root variables only). The engine has no variable keys: a key here encodes the instance key and
 * the name in decimal digits (Camunda keys are digits), stable and readable back.
 */
import type { FastifyPluginAsync } from 'fastify';
import { READERS } from './access.ts';
import { notFound, unsupported } from './problem.ts';
import { tenantScope, type ScopedInstance } from './scope.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';

const SEARCH: SearchSpec = {
  what: 'variables',
  fields: { name: 'string', value: 'string', tenantId: 'string', isTruncated: 'boolean', variableKey: 'digits', scopeKey: 'key', processInstanceKey: 'key' },
  sortFields: ['value', 'name', 'tenantId', 'variableKey', 'scopeKey', 'processInstanceKey'],
};

/** `<2-digit length of the instance key><instance key><each UTF-8 byte of the name as 3 digits>`. */
export function variableKey(processInstanceKey: string, name: string): string {
  const bytes = [...Buffer.from(name, 'utf8')].map((b) => String(b).padStart(3, '0')).join('');
  return `${String(processInstanceKey.length).padStart(2, '0')}${processInstanceKey}${bytes}`;
}

/** The instance key and name of a {@link variableKey}; undefined if it is not one. */
export function parseVariableKey(key: string): { processInstanceKey: string; name: string } | undefined {
  const length = Number(key.slice(0, 2));
  const rest = key.slice(2 + length);
  if (!length || key.length < 2 + length || rest.length === 0 || rest.length % 3 !== 0) return undefined;
  const bytes = rest.match(/\d{3}/g)!.map(Number);
  if (bytes.some((b) => b > 255)) return undefined;
  return { processInstanceKey: key.slice(2, 2 + length), name: Buffer.from(bytes).toString('utf8') };
}

const restVariable = (processInstanceKey: string, name: string, value: unknown, tenantId: string) => ({
  variableKey: variableKey(processInstanceKey, name), name, value: JSON.stringify(value), isTruncated: false,
  scopeKey: processInstanceKey, processInstanceKey, tenantId,
});

const routes: FastifyPluginAsync = async (app) => {
  /** The root variables of an instance the caller may see. */
  const rootVariables = ({ view, tenantId }: ScopedInstance) => Object.entries(view.variables).map(([name, value]) => restVariable(view.processInstanceKey, name, value, tenantId));

  app.post('/v2/variables/search', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm biến gốc của phiên bản / search root variables of process instances', body: searchBodySchema(SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    const keys = lookupValues(body.filter?.processInstanceKey);
    const scopes = lookupValues(body.filter?.scopeKey);
    if (!keys || (scopes && scopes.some((s) => !keys.includes(s)))) {
      throw unsupported('variable search outside the root scope of named process instances (filter processInstanceKey; scopeKey only equal to it)', 'tìm biến ngoài phạm vi gốc của phiên bản được nêu');
    }
    const visible = await tenantScope(app, request).tenantsOf(keys);
    const items = [...visible.values()].flatMap(rootVariables);
    return search(SEARCH, items, body);
  });

  app.get('/v2/variables/:variableKey', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Đọc biến / get a variable', params: { type: 'object', required: ['variableKey'], properties: { variableKey: { type: 'string', pattern: '^[0-9]+$', maxLength: 1000 } } } },
  }, async (request) => {
    const { variableKey } = request.params as { variableKey: string };
    const parsed = parseVariableKey(variableKey);
    const found = parsed && (await tenantScope(app, request).instance(parsed.processInstanceKey));
    if (!parsed || !found || !Object.hasOwn(found.view.variables, parsed.name)) throw notFound('Variable', variableKey);
    return restVariable(parsed.processInstanceKey, parsed.name, found.view.variables[parsed.name], found.tenantId);
  });
};

export default routes;
