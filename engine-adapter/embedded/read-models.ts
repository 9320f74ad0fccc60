/** Read models for dashboards: instance state, history, per-element token counts. */
import { sql } from 'kysely';
import type { ElementHistoryEntry, ElementStatistics, ProcessInstanceView } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import type { InstanceDoc } from './state.ts';

function docOf(row: Record<string, any>): InstanceDoc {
  return typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc;
}

/** An instance's state and root variables. */
export async function getProcessInstance(core: EngineCore, key: string): Promise<ProcessInstanceView | undefined> {
  const row = await core.db.selectFrom('engine_process_instance').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  const doc = docOf(row);
  return {
    processInstanceKey: String(row.key), processDefinitionKey: String(row.process_definition_key), bpmnProcessId: row.bpmn_process_id,
    version: Number(row.version), state: row.state, hasIncident: Object.values(doc.elements).some((e) => e.incident),
    variables: doc.vars[String(row.key)] ?? {}, startDate: new Date(row.started_at), endDate: row.ended_at ? new Date(row.ended_at) : null,
    parentProcessInstanceKey: row.parent_instance_key == null ? null : String(row.parent_instance_key),
  };
}

/** Every element instance of an instance, in the order entered. */
export async function getHistory(core: EngineCore, key: string): Promise<ElementHistoryEntry[]> {
  const done = await core.db.selectFrom('engine_element_history').selectAll().where('process_instance_key', '=', key).execute();
  const out: ElementHistoryEntry[] = done.map((r) => ({
    elementInstanceKey: String(r.element_instance_key), elementId: r.element_id, elementType: r.element_type,
    enteredAt: new Date(r.entered_at), leftAt: new Date(r.left_at), state: r.state,
  }));
  const row = await core.db.selectFrom('engine_process_instance').select('doc').where('key', '=', key).executeTakeFirst();
  for (const e of row ? Object.values(docOf(row).elements) : []) {
    out.push({ elementInstanceKey: e.key, elementId: e.elementId, elementType: e.elementType, enteredAt: new Date(e.enteredAt), leftAt: null, state: 'ACTIVE' });
  }
  return out.sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || Number(BigInt(a.elementInstanceKey) - BigInt(b.elementInstanceKey)));
}

/** Active and incident token counts per element over the running instances of a definition. */
export async function getElementStatistics(core: EngineCore, processDefinitionKey: string): Promise<ElementStatistics[]> {
  const { rows } = await sql<{ element_id: string; active: number | string; incidents: number | string }>`
    select e.value->>'elementId' as element_id,
           count(*) filter (where e.value->>'incident' is null) as active,
           count(*) filter (where e.value->>'incident' is not null) as incidents
    from engine_process_instance i cross join lateral jsonb_each(i.doc->'elements') e
    where i.process_definition_key = ${processDefinitionKey} and i.state = 'ACTIVE'
      and e.value->>'parentKey' is not null and e.value->>'elementType' <> 'bpmn:MultiInstanceBody'
    group by 1 order by 1`.execute(core.db);
  return rows.map((r) => ({ elementId: r.element_id, active: Number(r.active), incidents: Number(r.incidents) }));
}
