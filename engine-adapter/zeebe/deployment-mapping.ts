/** Zeebe's `DeployResourceResponse` (processes, decisions, DRGs) as a {@link Deployment}. */
import type { Deployment } from '../decisions.ts';

interface GrpcDeployment {
  key: string;
  deployments: {
    process?: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string };
    decision?: { dmnDecisionId: string; dmnDecisionName: string; version: number; decisionKey: string; dmnDecisionRequirementsId: string; decisionRequirementsKey: string };
    decisionRequirements?: { dmnDecisionRequirementsId: string; dmnDecisionRequirementsName: string; version: number; decisionRequirementsKey: string; resourceName: string };
  }[];
}

/** Maps the gRPC answer (keys as strings, as the SDK gives them). */
export function toDeployment(res: GrpcDeployment): Deployment {
  const out: Deployment = { deploymentKey: String(res.key), processes: [], decisions: [], decisionRequirements: [] };
  for (const d of res.deployments ?? []) {
    if (d.process) {
      out.processes.push({ bpmnProcessId: d.process.bpmnProcessId, version: Number(d.process.version), processDefinitionKey: String(d.process.processDefinitionKey), resourceName: d.process.resourceName });
    }
    if (d.decision) {
      out.decisions.push({
        decisionKey: String(d.decision.decisionKey), decisionId: d.decision.dmnDecisionId, name: d.decision.dmnDecisionName, version: Number(d.decision.version),
        versionTag: null, decisionRequirementsKey: String(d.decision.decisionRequirementsKey), decisionRequirementsId: d.decision.dmnDecisionRequirementsId,
      });
    }
    if (d.decisionRequirements) {
      const r = d.decisionRequirements;
      out.decisionRequirements.push({ decisionRequirementsKey: String(r.decisionRequirementsKey), decisionRequirementsId: r.dmnDecisionRequirementsId, name: r.dmnDecisionRequirementsName, version: Number(r.version), resourceName: r.resourceName });
    }
  }
  return out;
}
