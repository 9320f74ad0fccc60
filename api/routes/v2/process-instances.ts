/**
 * Process instances: create (by definition id and version, or by definition key), cancel, get and
 * search. Search reads the instances named by a `processInstanceKey` filter, else the engine's search;
 * a `variables` filter is the engine's (or, with a key filter, compared with the instances' root variables).
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyPluginAsync } from 'fastify';
import type { ProcessInstanceView, Variables } from '../../../engine-adapter/workflow-engine.ts';
import { INT4_MAX } from '../../validation.ts';
import { OPERATORS, READERS } from './access.ts';
import { restProcessInstance } from './mappers.ts';
import { invalid, unsupported } from './problem.ts';
import {
  DEFAULT_TENANT, INT64, KEY, keyParams, OPERATION_REFERENCE, TENANT_ID, VARIABLE_VALUE_FILTERS, VARIABLES, type VariableValueFilter,
} from './schemas.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';
import { tenantScope } from './scope.ts';
import { assertNoReservedVariables, auditEngineOperation, dossierOwned, dossierProcessStart, procedureProcess } from './operations.ts';

const CREATE_BODY = {
  type: 'object', additionalProperties: false,
  properties: {
    processDefinitionId: { type: 'string', minLength: 1 }, processDefinitionKey: KEY, processDefinitionVersion: { type: 'integer', minimum: -1, maximum: INT4_MAX },
    variables: VARIABLES, tenantId: TENANT_ID, operationReference: OPERATION_REFERENCE,
    startInstructions: { type: 'array' }, runtimeInstructions: { type: 'array' }, awaitCompletion: { type: 'boolean' },
    fetchVariables: { type: 'array', items: { type: 'string' } }, requestTimeout: INT64, tags: { type: 'array', items: { type: 'string' } },
  },
} as const;

interface CreateBody {
  processDefinitionId?: string; processDefinitionKey?: string; processDefinitionVersion?: number; variables?: Record<string, unknown>;
  startInstructions?: unknown[]; runtimeInstructions?: unknown[]; awaitCompletion?: boolean; tags?: string[];
}

/** Camunda 8.8 options the embedded engine does not execute. */
function assertCreatable(body: CreateBody): void {
  if (body.startInstructions?.length) throw unsupported('startInstructions (start at an element other than the none start event)', 'startInstructions (bắt đầu tại phần tử khác sự kiện bắt đầu)');
  if (body.runtimeInstructions?.length) throw unsupported('runtimeInstructions', 'runtimeInstructions');
  if (body.awaitCompletion) throw unsupported('awaitCompletion (create and wait for the result)', 'awaitCompletion (tạo và chờ kết quả)');
  if (body.tags?.length) throw unsupported('process instance tags', 'nhãn của phiên bản quy trình');
  if (!body.processDefinitionId === !body.processDefinitionKey) {
    throw invalid('Exactly one of [processDefinitionId] and [processDefinitionKey] is required', 'Cần đúng một trong hai trường [processDefinitionId] và [processDefinitionKey]', { fields: [{ field: 'processDefinitionId' }, { field: 'processDefinitionKey' }] });
  }
}

const SEARCH: SearchSpec = {
  what: 'process instances',
  fields: {
    processInstanceKey: 'key', processDefinitionId: 'string', processDefinitionName: 'string', processDefinitionVersion: 'integer', processDefinitionKey: 'key',
    parentProcessInstanceKey: 'key', startDate: 'date', endDate: 'date', state: ['ACTIVE', 'COMPLETED', 'TERMINATED'], hasIncident: 'boolean', tenantId: 'string',
  },
  unsupported: ['processDefinitionVersionTag', 'parentElementInstanceKey', 'batchOperationId', 'errorMessage', 'hasRetriesLeft', 'elementId', 'elementInstanceState', 'hasElementInstanceIncident', 'incidentErrorHashCode', 'tags', '$or'],
  sortFields: ['processInstanceKey', 'processDefinitionId', 'processDefinitionName', 'processDefinitionVersion', 'processDefinitionKey', 'parentProcessInstanceKey', 'startDate', 'endDate', 'state', 'hasIncident', 'tenantId'],
};

/** The search body schema: the served fields, plus `variables`, which the engine matches. */
const SEARCH_BODY = searchBodySchema(SEARCH) as { properties: { filter: { properties: Record<string, object> } } };
SEARCH_BODY.properties.filter.properties.variables = VARIABLE_VALUE_FILTERS;

/**
 * The `variables` filter as engine variables (each JSON text parsed); null when two items give one
 * variable different values, so that nothing matches. Operators other than `$eq` are 501.
 */
function variablesFilter(items: VariableValueFilter[] | undefined): Variables | null | undefined {
  if (!items?.length) return undefined;
  const out: Variables = {};
  for (const [i, { name, value }] of items.entries()) {
    const field = `filter.variables[${i}].value`;
    if (typeof value !== 'string' && Object.keys(value).some((op) => op !== '$eq')) {
      throw unsupported(`operators other than $eq in ${field}`, `toán tử khác $eq trong ${field}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof value === 'string' ? value : String(value.$eq));
    } catch {
      throw invalid(`Request property [${field}] must be a JSON value, e.g. "\\"HS-1\\""`, `Trường [${field}] phải là một giá trị JSON, ví dụ "\\"HS-1\\""`, { fields: [{ field }] });
    }
    if (name in out && !isDeepStrictEqual(out[name], parsed)) return null;
    out[name] = parsed;
  }
  return out;
}

/** Whether an instance's root variables hold every filtered value. */
const holds = (variables: Variables, filter: Variables) => Object.entries(filter).every(([name, value]) => name in variables && isDeepStrictEqual(variables[name], value));

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  /** The process id of a definition key (undefined: no such definition; the engine answers 404 then). */
  async function processIdOfKey(processDefinitionKey: string): Promise<string | undefined> {
    const known = await app.db.selectFrom('process_versions').select('bpmn_process_id').where('process_definition_key', '=', processDefinitionKey).executeTakeFirst();
    if (known) return known.bpmn_process_id;
    const xml = await engine.getProcessDefinitionXml(processDefinitionKey).catch(() => undefined);
    return xml ? /<(?:\w+:)?process\b[^>]*?\sid=["']([^"']+)["']/.exec(xml)?.[1] : undefined;
  }

  app.post('/v2/process-instances', {
    config: { access: OPERATORS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tạo phiên bản quy trình / create a process instance', body: CREATE_BODY },
  }, async (request) => {
    const body = request.body as CreateBody;
    assertCreatable(body);
    // Dossier processes start with their dossier; instances created here are the engine's own tenant.
    const processId = body.processDefinitionId ?? (await processIdOfKey(body.processDefinitionKey!));
    if (processId && (await procedureProcess(app, processId))) throw dossierProcessStart(processId);
    assertNoReservedVariables(body.variables);
    const ref = body.processDefinitionKey
      ? await engine.createProcessInstanceByKey({ processDefinitionKey: body.processDefinitionKey, variables: body.variables })
      : await engine.createProcessInstance({ bpmnProcessId: body.processDefinitionId!, version: body.processDefinitionVersion === -1 ? undefined : body.processDefinitionVersion, variables: body.variables });
    await auditEngineOperation(app, request, { action: 'engine.process_instance.create', targetType: 'process_instance', targetId: ref.processInstanceKey, after: { processDefinitionId: ref.bpmnProcessId, version: ref.version } });
    return { processDefinitionKey: ref.processDefinitionKey, processDefinitionId: ref.bpmnProcessId, processDefinitionVersion: ref.version, processInstanceKey: ref.processInstanceKey, tenantId: DEFAULT_TENANT, variables: {} };
  });

  app.post('/v2/process-instances/:processInstanceKey/cancellation', {
    config: { access: OPERATORS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Hủy phiên bản quy trình / cancel a process instance', params: keyParams('processInstanceKey'), body: { type: 'object', additionalProperties: false, properties: { operationReference: OPERATION_REFERENCE } } },
  }, async (request, reply) => {
    const { processInstanceKey } = request.params as { processInstanceKey: string };
    const { dossier } = await tenantScope(app, request).instanceOr404(processInstanceKey);
    // Cancelling a dossier's instance would leave the dossier stuck with no task: the dossier ends it.
    if (dossier) {
      throw dossierOwned(`Process instance '${processInstanceKey}'`, `Phiên bản quy trình '${processInstanceKey}'`, dossier.code,
        `end it through the dossier: POST /api/dossiers/${dossier.code}/request-withdrawal (the applicant withdraws) or POST /api/dossiers/${dossier.code}/stop (processing is stopped, with a reason)`,
        `kết thúc qua hồ sơ: POST /api/dossiers/${dossier.code}/request-withdrawal (công dân rút hồ sơ) hoặc POST /api/dossiers/${dossier.code}/stop (dừng xử lý, nêu lý do)`);
    }
    await engine.cancelProcessInstance(processInstanceKey);
    await auditEngineOperation(app, request, { action: 'engine.process_instance.cancel', targetType: 'process_instance', targetId: processInstanceKey });
    return reply.status(204).send();
  });

  app.get('/v2/process-instances/:processInstanceKey', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Đọc phiên bản quy trình / get a process instance', params: keyParams('processInstanceKey') },
  }, async (request) => {
    const { processInstanceKey } = request.params as { processInstanceKey: string };
    const { view, tenantId } = await tenantScope(app, request).instanceOr404(processInstanceKey);
    return restProcessInstance(view, tenantId);
  });

  app.post('/v2/process-instances/search', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm phiên bản quy trình / search process instances', body: SEARCH_BODY },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    const visible = await tenantScope(app, request).instances(await candidates(body));
    return search(SEARCH, visible.map((s) => restProcessInstance(s.view, s.tenantId)), body);
  });

  /** Instances named by the key filter, else the engine's search; both narrowed by the variables filter. */
  async function candidates(body: SearchBody): Promise<ProcessInstanceView[]> {
    const variables = variablesFilter(body.filter?.variables as VariableValueFilter[] | undefined);
    if (variables === null) return [];
    const keys = lookupValues(body.filter?.processInstanceKey);
    if (!keys) return engine.searchProcessInstances(variables ? { variables } : {});
    const found = (await Promise.all(keys.map((k) => engine.getProcessInstance(k)))).filter((p): p is ProcessInstanceView => p !== undefined);
    return variables ? found.filter((p) => holds(p.variables, variables)) : found;
  }
};

export default routes;
