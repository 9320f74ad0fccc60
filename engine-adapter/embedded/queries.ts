/**
 * The embedded engine's instance search, a definition's XML, creation by definition key and
 * immediate message correlation (members of `WorkflowEngine` the Camunda REST face `/v2` needs).
 */
import { sql } from 'kysely';
import { InvalidArgumentError, NotFoundError } from '../errors.ts';
import type {
  CorrelateMessageRequest, CorrelateMessageResult, ProcessInstanceQuery, ProcessInstanceRef, ProcessInstanceView, Variables,
} from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { correlateOnce } from './messages.ts';
import { lockCorrelation } from './store.ts';
import { assertVariables } from './variables.ts';

/**
 * Process instances matching a filter, newest first (at most 1,000), without their variables: one set
 * query over the instance rows (no per-row read), `hasIncident` computed in it from the document.
 */
export async function searchProcessInstances(core: EngineCore, filter: ProcessInstanceQuery): Promise<ProcessInstanceView[]> {
  let q = core.db.selectFrom('engine_process_instance')
    .select(['key', 'process_definition_key', 'bpmn_process_id', 'version', 'state', 'started_at', 'ended_at', 'parent_instance_key'])
    .select(sql<boolean>`jsonb_path_exists(doc, '$.elements.*.incident')`.as('has_incident'));
  if (filter.bpmnProcessId) q = q.where('bpmn_process_id', '=', filter.bpmnProcessId);
  if (filter.processDefinitionKey) q = q.where('process_definition_key', '=', filter.processDefinitionKey);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.parentProcessInstanceKey) q = q.where('parent_instance_key', '=', filter.parentProcessInstanceKey);
  // Root variables live in the instance document under the instance's own key; jsonb equality compares JSON values.
  for (const [name, value] of Object.entries(assertVariables(filter.variables))) {
    q = q.where(sql<boolean>`doc->'vars'->(key::text)->${name}::text = ${JSON.stringify(value)}::jsonb`);
  }
  const rows = await q.orderBy('key', 'desc').limit(1000).execute();
  return rows.map((row) => ({
    processInstanceKey: String(row.key), processDefinitionKey: String(row.process_definition_key), bpmnProcessId: row.bpmn_process_id,
    version: Number(row.version), state: row.state, hasIncident: row.has_incident === true, variables: {},
    startDate: new Date(row.started_at), endDate: row.ended_at ? new Date(row.ended_at) : null,
    parentProcessInstanceKey: row.parent_instance_key == null ? null : String(row.parent_instance_key),
  }));
}

/** The BPMN XML a definition was deployed from. */
export async function getProcessDefinitionXml(core: EngineCore, processDefinitionKey: string): Promise<string> {
  const row = await core.db.selectFrom('engine_process_definition').select('xml').where('key', '=', processDefinitionKey).executeTakeFirst();
  if (!row) throw new NotFoundError('Process definition', processDefinitionKey, { key: processDefinitionKey });
  return row.xml as string;
}

/** Creates an instance of exactly one definition (by key). */
export async function createProcessInstanceByKey(core: EngineCore, request: { processDefinitionKey: string; variables?: Variables }): Promise<ProcessInstanceRef> {
  const variables = assertVariables(request.variables);
  const exists = await core.db.selectFrom('engine_process_definition').select('key').where('key', '=', request.processDefinitionKey).executeTakeFirst();
  if (!exists) throw new NotFoundError('Process definition', request.processDefinitionKey, { key: request.processDefinitionKey });
  const def = await core.defs.byKey(core.db, request.processDefinitionKey);
  const key = await core.step(async (ctx) => core.createInstance(ctx, def, variables).key);
  return { processInstanceKey: key, processDefinitionKey: def.key, bpmnProcessId: def.bpmnProcessId, version: def.version };
}

/** Correlates a message now to one open subscription, never buffering it; NotFoundError when none matches. */
export async function correlateMessage(core: EngineCore, request: CorrelateMessageRequest): Promise<CorrelateMessageResult> {
  const variables = assertVariables(request.variables);
  if (!request.name) throw new InvalidArgumentError('message name is required');
  return core.step(async (ctx) => {
    await lockCorrelation(ctx, request.name, request.correlationKey);
    const messageKey = ctx.keys.next();
    const instanceKey = await correlateOnce(core, ctx, request.name, request.correlationKey, variables);
    if (!instanceKey) throw new NotFoundError(`Subscription of message '${request.name}' with correlation key`, request.correlationKey, { key: request.correlationKey });
    return { messageKey, processInstanceKey: instanceKey };
  });
}
