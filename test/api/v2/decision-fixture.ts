/**
 * A decision instance of a given process instance, for scope tests whose processes have no business
 * rule task: a real evaluation (deployed DMN, evaluated by the engine), then attributed to the instance
 * as a business rule task of it would have stored it.
 */
import type { Kysely } from 'kysely';
import type { WorkflowEngine } from '../../../engine-adapter/workflow-engine.ts';
import { dmn, literal } from '../../engine/dmn.ts';

/** Evaluates a one-decision DRG and ties its decision instance to `processInstanceKey`; answers its key. */
export async function decisionInstanceOf(engine: WorkflowEngine, db: Kysely<any>, processInstanceKey: string): Promise<string> {
  const id = `scope_${processInstanceKey}`;
  await engine.deploy([{ name: `${id}.dmn`, content: dmn(`${id}_drg`, literal(id, '"ok"')) }]);
  const evaluation = await engine.evaluateDecision({ decisionId: id, variables: {} });
  const view = await engine.getProcessInstance(processInstanceKey);
  await db.updateTable('engine_decision_instance').set({ process_instance_key: processInstanceKey, process_definition_key: view!.processDefinitionKey })
    .where('evaluation_key', '=', evaluation.evaluationKey).execute();
  return evaluation.evaluatedDecisions[0]!.decisionInstanceKey;
}
