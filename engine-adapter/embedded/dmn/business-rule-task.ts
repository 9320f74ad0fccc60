/**
 * The business rule task with `zeebe:calledDecision`: on entering, finds the decision by its binding
 * type, evaluates it against the variables visible from the task, stores the evaluation as decision
 * instances, and completes with the decision's output in `resultVariable`. As in Zeebe, a decision
 * that cannot be found raises CALLED_DECISION_ERROR and a failed evaluation DECISION_EVALUATION_ERROR
 * (resolving the incident evaluates again with the current variables).
 */
import { behaviors, type Execution } from '../executor.ts';
import { evalString } from '../feel.ts';
import type { ElementModel } from '../model.ts';
import type { ElementInstanceState } from '../state.ts';
import { evaluateDecision } from './evaluate.ts';
import { drgOf, findDecision, recordEvaluation, type DecisionRef } from './store.ts';

function businessRule(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const called = el.calledDecision!;
  const variables = x.vars(ei.key);
  const decisionId = evalString(called.decisionId, variables, 'decision id');
  const def = x.inst.def;
  const ref: DecisionRef = called.bindingType === 'deployment' ? { binding: 'deployment', decisionId, processDefinitionKey: def.key }
    : called.bindingType === 'versionTag' ? { binding: 'versionTag', decisionId, versionTag: called.versionTag! }
      : { binding: 'latest', decisionId };
  const instanceKey = x.inst.key;
  x.ctx.pending.push({
    kind: 'async',
    async run(core, ctx) {
      const inst = await core.instance(ctx, instanceKey);
      const current = inst.doc.elements[ei.key];
      if (!current || inst.state !== 'ACTIVE') return;
      const exec = core.exec(ctx, inst);
      const decision = await findDecision(ctx.tx, ref);
      if (typeof decision === 'string') return exec.raiseIncident(current, 'CALLED_DECISION_ERROR', decision, 'behavior');
      const result = evaluateDecision(await drgOf(core, ctx.tx, decision), decision.decisionId, variables);
      await recordEvaluation(ctx, decision, result, { processDefinitionKey: def.key, processInstanceKey: instanceKey, elementInstanceKey: ei.key, elementId: el.id });
      if (result.failureMessage) return exec.raiseIncident(current, 'DECISION_EVALUATION_ERROR', result.failureMessage, 'behavior');
      exec.completeWith(current, { [called.resultVariable]: result.output });
    },
  });
}

Object.assign(behaviors, { businessRule });
