/**
 * Read models of what runs now or was deployed, as Camunda's `/v2` serves them: process definitions,
 * one element instance, jobs, message subscriptions and the sequence flows an instance took.
 */
import { sql } from 'kysely';
import type {
  ElementInstanceView, JobQuery, JobView, MessageSubscriptionView, ProcessDefinitionQuery, ProcessDefinitionView,
} from '../engine-reads.ts';
import type { EngineCore } from './core.ts';

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The `name` and `zeebe:versionTag` of the `bpmn:process` with this id in a deployed XML. */
export function processAttributes(xml: string, bpmnProcessId: string): { name: string | null; versionTag: string | null } {
  const open = [...xml.matchAll(/<(?:[\w-]+:)?process\b([^>]*)>/g)].find((m) => new RegExp(`\\sid=["']${bpmnProcessId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).test(m[1]!));
  if (!open) return { name: null, versionTag: null };
  const name = /\sname=["']([^"']*)["']/.exec(open[1]!)?.[1];
  // `zeebe:versionTag` sits in the process's own extension elements, its first child.
  const ext = /^\s*<(?:[\w-]+:)?extensionElements\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?extensionElements>/.exec(xml.slice(open.index! + open[0].length))?.[1] ?? '';
  const tag = /<(?:[\w-]+:)?versionTag\b[^>]*\svalue=["']([^"']*)["']/.exec(ext)?.[1];
  return { name: name === undefined ? null : unescapeXml(name), versionTag: tag === undefined ? null : unescapeXml(tag) };
}

/** Deployed definitions matching the filter, by key. */
export async function searchProcessDefinitions(core: EngineCore, filter: ProcessDefinitionQuery = {}): Promise<ProcessDefinitionView[]> {
  let q = core.db.selectFrom('engine_process_definition').select(['key', 'bpmn_process_id', 'version', 'resource_name', 'xml']);
  if (filter.bpmnProcessId !== undefined) q = q.where('bpmn_process_id', '=', filter.bpmnProcessId);
  if (filter.processDefinitionKey !== undefined) q = q.where('key', '=', filter.processDefinitionKey);
  const rows = await q.orderBy('key').execute();
  return rows.map((r) => ({
    processDefinitionKey: String(r.key), bpmnProcessId: r.bpmn_process_id, version: Number(r.version), resourceName: r.resource_name,
    ...processAttributes(r.xml as string, r.bpmn_process_id),
  }));
}

/** One element instance: done (the history), else active in a running instance's document. */
export async function getElementInstance(core: EngineCore, key: string): Promise<ElementInstanceView | undefined> {
  const done = await core.db.selectFrom('engine_element_history as h').innerJoin('engine_process_instance as i', 'i.key', 'h.process_instance_key')
    .select(['h.element_instance_key', 'h.element_id', 'h.element_type', 'h.entered_at', 'h.left_at', 'h.state', 'i.key', 'i.process_definition_key', 'i.bpmn_process_id'])
    .where('h.element_instance_key', '=', key).executeTakeFirst();
  if (done) {
    return {
      elementInstanceKey: String(done.element_instance_key), elementId: done.element_id, elementType: done.element_type, enteredAt: new Date(done.entered_at),
      leftAt: new Date(done.left_at), state: done.state, processInstanceKey: String(done.key), processDefinitionKey: String(done.process_definition_key), bpmnProcessId: done.bpmn_process_id,
    };
  }
  const { rows } = await sql<{ key: string | number; process_definition_key: string | number; bpmn_process_id: string; el: unknown }>`
    select key, process_definition_key, bpmn_process_id, doc->'elements'->${key} as el from engine_process_instance
    where state = 'ACTIVE' and (doc->'elements') ? ${key} limit 1`.execute(core.db);
  const row = rows[0];
  if (!row) return undefined;
  const el = json<{ key: string; elementId: string; elementType: string; enteredAt: string }>(row.el);
  return {
    elementInstanceKey: el.key, elementId: el.elementId, elementType: el.elementType, enteredAt: new Date(el.enteredAt), leftAt: null, state: 'ACTIVE',
    processInstanceKey: String(row.key), processDefinitionKey: String(row.process_definition_key), bpmnProcessId: row.bpmn_process_id,
  };
}

/** Jobs that exist now (a completed job is gone), by key. */
export async function searchJobs(core: EngineCore, filter: JobQuery = {}): Promise<JobView[]> {
  let q = core.db.selectFrom('engine_job').selectAll();
  if (filter.processInstanceKey !== undefined) q = q.where('process_instance_key', '=', filter.processInstanceKey);
  if (filter.jobKey !== undefined) q = q.where('key', '=', filter.jobKey);
  const rows = await q.orderBy('key').execute();
  return rows.map((r) => ({
    key: String(r.key), type: r.type, state: r.state === 'FAILED' || r.error_message !== null ? 'FAILED' : 'CREATED', retries: Number(r.retries),
    worker: r.worker ?? null, deadline: r.state === 'ACTIVATED' ? new Date(r.due_at) : null, errorMessage: r.error_message ?? null,
    processInstanceKey: String(r.process_instance_key), processDefinitionKey: String(r.process_definition_key), bpmnProcessId: r.bpmn_process_id,
    elementId: r.element_id, elementInstanceKey: String(r.element_instance_key), customHeaders: json<Record<string, string>>(r.custom_headers),
    kind: r.kind ?? 'BPMN_ELEMENT', listenerEventType: r.listener_event_type ?? 'UNSPECIFIED',
  }));
}

/** Open message subscriptions of process instances, by key. */
export async function searchMessageSubscriptions(core: EngineCore, filter: { processInstanceKey?: string } = {}): Promise<MessageSubscriptionView[]> {
  let q = core.db.selectFrom('engine_message_subscription as s').innerJoin('engine_process_definition as d', 'd.key', 's.process_definition_key')
    .select(['s.key', 's.message_name', 's.correlation_key', 's.process_instance_key', 's.process_definition_key', 's.element_id', 's.element_instance_key', 'd.bpmn_process_id'])
    .where('s.process_instance_key', 'is not', null);
  if (filter.processInstanceKey !== undefined) q = q.where('s.process_instance_key', '=', filter.processInstanceKey);
  const rows = await q.orderBy('s.key').execute();
  return rows.map((r) => ({
    key: String(r.key), messageName: r.message_name, correlationKey: r.correlation_key, processInstanceKey: String(r.process_instance_key),
    processDefinitionKey: String(r.process_definition_key), bpmnProcessId: r.bpmn_process_id, elementId: r.element_id, elementInstanceKey: String(r.element_instance_key),
  }));
}

/** The sequence flows an instance took (taken-flows.ts); empty for an unknown instance. */
export async function getTakenSequenceFlows(core: EngineCore, processInstanceKey: string): Promise<string[]> {
  const { rows } = await sql<{ flows: unknown }>`select doc->'takenFlows' as flows from engine_process_instance where key = ${processInstanceKey}`.execute(core.db);
  return rows[0]?.flows ? json<string[]>(rows[0].flows) : [];
}
