/**
 * A dossier's process for the dossier page: the BPMN diagram its instance runs on, with the
 * elements active now, completed, and stopped by an incident. Before the instance starts, the
 * procedure's current diagram with nothing marked.
 */
import type { Kysely } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';

export interface DossierProcess {
  processInstanceKey: string | null;
  bpmnProcessId: string;
  version: number | null;
  /** The BPMN XML (null only when the procedure's process was never deployed). */
  xml: string | null;
  /** Element ids with an active token (including those waiting on an incident). */
  active: string[];
  /** Element ids completed at least once. */
  completed: string[];
  /** Element ids with an open incident. */
  incidents: string[];
}

const unique = (ids: string[]) => [...new Set(ids)];

/** The diagram and element states of a dossier's process instance. */
export async function dossierProcess(db: Kysely<Database>, engine: WorkflowEngine, dossier: Dossier): Promise<DossierProcess> {
  const key = dossier.process_instance_key;
  const instance = key ? await engine.getProcessInstance(key) : undefined;
  if (key && instance) {
    const [xml, history, incidents] = await Promise.all([
      engine.getProcessDefinitionXml(instance.processDefinitionKey), engine.getProcessInstanceHistory(key), engine.listIncidents({ processInstanceKey: key }),
    ]);
    // The process itself appears in the history as an element; a diagram marks only its content.
    const elements = history.filter((h) => h.elementId !== instance.bpmnProcessId);
    return {
      processInstanceKey: key, bpmnProcessId: instance.bpmnProcessId, version: instance.version, xml,
      active: unique(elements.filter((h) => h.state === 'ACTIVE').map((h) => h.elementId)),
      completed: unique(elements.filter((h) => h.state === 'COMPLETED').map((h) => h.elementId)),
      incidents: unique(incidents.map((i) => i.elementId)),
    };
  }
  const procedure = await db.selectFrom('procedures').select(['id', 'process_id']).where('id', '=', dossier.procedure_id).executeTakeFirstOrThrow();
  const latest = await db.selectFrom('process_versions').select(['version', 'xml', 'bpmn_process_id']).where('procedure_id', '=', procedure.id)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  return {
    processInstanceKey: null, bpmnProcessId: latest?.bpmn_process_id ?? procedure.process_id, version: latest?.version ?? null, xml: latest?.xml ?? null,
    active: [], completed: [], incidents: [],
  };
}
