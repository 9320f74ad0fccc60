/**
 * Variables: search and get, on every scope of the process instances the caller may see. Each variable
 * has the engine's int64 key (`engine.listVariables`, `engine.getVariable`), stable while it exists.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { VariableView } from '../../../engine-adapter/engine-reads.ts';
import { READERS } from './access.ts';
import { notFound, unsupported } from './problem.ts';
import { keyParams } from './schemas.ts';
import { tenantScope } from './scope.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';

const SEARCH: SearchSpec = {
  what: 'variables',
  fields: { name: 'string', value: 'string', tenantId: 'string', isTruncated: 'boolean', variableKey: 'key', scopeKey: 'key', processInstanceKey: 'key' },
  sortFields: ['value', 'name', 'tenantId', 'variableKey', 'scopeKey', 'processInstanceKey'],
};

/** `VariableSearchResult` / `VariableResult` (values are never truncated here). */
export const restVariable = (v: VariableView, tenantId: string) => ({
  variableKey: v.variableKey, name: v.name, value: JSON.stringify(v.value), isTruncated: false,
  scopeKey: v.scopeKey, processInstanceKey: v.processInstanceKey, tenantId,
});

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  app.post('/v2/variables/search', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm biến của phiên bản quy trình / search variables', body: searchBodySchema(SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    const scope = tenantScope(app, request);
    const keys = lookupValues(body.filter?.processInstanceKey);
    const variableKeys = lookupValues(body.filter?.variableKey);
    let found: VariableView[];
    if (keys) {
      const scopes = lookupValues(body.filter?.scopeKey);
      found = (await Promise.all(keys.flatMap((processInstanceKey) => (scopes ?? [undefined]).map((scopeKey) => engine.listVariables({ processInstanceKey, scopeKey }))))).flat();
    } else if (variableKeys) {
      found = (await Promise.all(variableKeys.map((k) => engine.getVariable(k)))).filter((v): v is VariableView => v !== undefined);
    } else {
      throw unsupported('variable search without a processInstanceKey or variableKey filter', 'tìm biến không lọc theo processInstanceKey hoặc variableKey');
    }
    const visible = await scope.tenantsOf(found.map((v) => v.processInstanceKey));
    const items = found.flatMap((v) => { const s = visible.get(v.processInstanceKey); return s ? [restVariable(v, s.tenantId)] : []; });
    return search(SEARCH, items, body);
  });

  app.get('/v2/variables/:variableKey', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Đọc biến / get a variable', params: keyParams('variableKey') },
  }, async (request) => {
    const { variableKey } = request.params as { variableKey: string };
    const variable = await engine.getVariable(variableKey);
    const found = variable && (await tenantScope(app, request).instance(variable.processInstanceKey));
    if (!variable || !found) throw notFound('Variable', variableKey);
    return restVariable(variable, found.tenantId);
  });
};

export default routes;
