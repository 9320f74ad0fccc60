/**
 * Variables: search and get, for the root scope of a process instance (the read model exposes
 * root variables only). A variable key is `<processInstanceKey>-<name>`, stable and readable back.
 */
import type { FastifyPluginAsync } from 'fastify';
import { READERS } from './access.ts';
import { notFound, unsupported } from './problem.ts';
import { DEFAULT_TENANT } from './schemas.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';

const SEARCH: SearchSpec = {
  what: 'variables',
  fields: { name: 'string', value: 'string', tenantId: 'string', isTruncated: 'boolean', variableKey: 'string', scopeKey: 'key', processInstanceKey: 'key' },
  sortFields: ['value', 'name', 'tenantId', 'variableKey', 'scopeKey', 'processInstanceKey'],
};

const restVariable = (processInstanceKey: string, name: string, value: unknown) => ({
  variableKey: `${processInstanceKey}-${name}`, name, value: JSON.stringify(value), isTruncated: false,
  scopeKey: processInstanceKey, processInstanceKey, tenantId: DEFAULT_TENANT,
});

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  async function rootVariables(processInstanceKey: string) {
    const pi = await engine.getProcessInstance(processInstanceKey);
    return pi ? Object.entries(pi.variables).map(([name, value]) => restVariable(processInstanceKey, name, value)) : [];
  }

  app.post('/v2/variables/search', {
    config: { access: READERS },
    schema: { tags: ['v2'], summary: 'Tìm biến gốc của phiên bản / search root variables of process instances', body: searchBodySchema(SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    const keys = lookupValues(body.filter?.processInstanceKey);
    const scopes = lookupValues(body.filter?.scopeKey);
    if (!keys || (scopes && scopes.some((s) => !keys.includes(s)))) {
      throw unsupported('variable search outside the root scope of named process instances (filter processInstanceKey; scopeKey only equal to it)', 'tìm biến ngoài phạm vi gốc của phiên bản được nêu');
    }
    const items = (await Promise.all(keys.map(rootVariables))).flat();
    return search(SEARCH, items, body);
  });

  app.get('/v2/variables/:variableKey', {
    config: { access: READERS },
    schema: { tags: ['v2'], summary: 'Đọc biến / get a variable', params: { type: 'object', required: ['variableKey'], properties: { variableKey: { type: 'string', pattern: '^[0-9]+-.+$', maxLength: 400 } } } },
  }, async (request) => {
    const { variableKey } = request.params as { variableKey: string };
    const dash = variableKey.indexOf('-');
    const [processInstanceKey, name] = [variableKey.slice(0, dash), variableKey.slice(dash + 1)];
    const pi = await engine.getProcessInstance(processInstanceKey);
    if (!pi || !(name in pi.variables)) throw notFound('Variable', variableKey);
    return restVariable(processInstanceKey, name, pi.variables[name]);
  });
};

export default routes;
