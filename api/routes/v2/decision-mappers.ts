/** Decisions in the shapes of Camunda 8.8's REST API (values as JSON text, unset optional fields left out). */
import type { DecisionDefinitionView, DecisionEvaluation, DecisionInstanceView, DecisionRequirementsView, Deployment, EvaluatedDecisionView } from '../../../engine-adapter/decisions.ts';
import { DEFAULT_TENANT } from './schemas.ts';

const json = (v: unknown) => JSON.stringify(v ?? null);

export const restDefinition = (d: DecisionDefinitionView) => ({
  decisionDefinitionId: d.decisionId, name: d.name, version: d.version, decisionRequirementsId: d.decisionRequirementsId, tenantId: DEFAULT_TENANT,
  decisionDefinitionKey: d.decisionKey, decisionRequirementsKey: d.decisionRequirementsKey,
});
export const restRequirements = (r: DecisionRequirementsView) => ({
  decisionRequirementsName: r.name, version: r.version, decisionRequirementsId: r.decisionRequirementsId, resourceName: r.resourceName, tenantId: DEFAULT_TENANT,
  decisionRequirementsKey: r.decisionRequirementsKey,
});
export const restInputs = (e: EvaluatedDecisionView) => e.evaluatedInputs.map((i) => ({ inputId: i.inputId, inputName: i.inputName, inputValue: json(i.inputValue) }));
export const restRules = (e: EvaluatedDecisionView) => e.matchedRules.map((r) => ({
  ruleId: r.ruleId, ruleIndex: r.ruleIndex, evaluatedOutputs: r.evaluatedOutputs.map((o) => ({ outputId: o.outputId, outputName: o.outputName, outputValue: json(o.outputValue) })),
}));

/** `EvaluateDecisionResult`. */
export function restEvaluation(e: DecisionEvaluation) {
  return {
    decisionDefinitionId: e.decision.decisionId, decisionDefinitionName: e.decision.name, decisionDefinitionVersion: e.decision.version,
    decisionRequirementsId: e.decision.decisionRequirementsId, output: e.failureMessage ? '' : json(e.output), failedDecisionDefinitionId: e.failedDecisionId ?? '',
    failureMessage: e.failureMessage ?? '', tenantId: DEFAULT_TENANT, decisionDefinitionKey: e.decision.decisionKey, decisionRequirementsKey: e.decision.decisionRequirementsKey,
    decisionInstanceKey: e.evaluationKey, decisionEvaluationKey: e.evaluationKey,
    evaluatedDecisions: e.evaluatedDecisions.map((d) => ({
      decisionDefinitionId: d.decisionId, decisionDefinitionName: d.decisionName, decisionDefinitionVersion: d.decisionVersion, decisionDefinitionType: d.decisionType,
      output: json(d.output), tenantId: DEFAULT_TENANT, matchedRules: restRules(d), evaluatedInputs: restInputs(d), decisionDefinitionKey: d.decisionKey,
      decisionEvaluationInstanceKey: d.decisionInstanceKey,
    })),
  };
}

/** `DecisionInstanceResult` (unset optional fields left out). */
export function restInstance(d: DecisionInstanceView, tenantId: string) {
  return {
    decisionEvaluationInstanceKey: d.decisionInstanceKey, state: d.state, evaluationDate: d.evaluationDate.toISOString(),
    ...(d.failureMessage ? { evaluationFailure: d.failureMessage } : {}), decisionDefinitionId: d.decisionId, decisionDefinitionName: d.decisionName,
    decisionDefinitionVersion: d.decisionVersion, decisionDefinitionType: d.decisionType, result: d.state === 'FAILED' ? '' : json(d.output), tenantId,
    decisionEvaluationKey: d.evaluationKey, decisionDefinitionKey: d.decisionKey,
    ...(d.processDefinitionKey ? { processDefinitionKey: d.processDefinitionKey } : {}), ...(d.processInstanceKey ? { processInstanceKey: d.processInstanceKey } : {}),
    ...(d.elementInstanceKey ? { elementInstanceKey: d.elementInstanceKey } : {}),
  };
}

/** The `deployments` entries of a deployment's DRGs and decisions (`POST /v2/deployments`). */
export function decisionDeployments(d: Deployment) {
  return [
    ...d.decisionRequirements.map((r) => ({ decisionRequirements: restRequirements(r) })),
    ...d.decisions.map((x) => ({ decisionDefinition: restDefinition(x) })),
  ];
}
