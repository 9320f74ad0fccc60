/**
 * DMN decisions of the workflow engine, as Camunda 8.8 runs them: deployed from `.dmn` resources
 * (alone or mixed with `.bpmn` in one deployment), evaluated by business rule tasks
 * (`zeebe:calledDecision`) or on request, each evaluation stored as decision instances. Part of
 * {@link WorkflowEngine} (`workflow-engine.ts`); keys are decimal strings of int64 values.
 */
import type { DeployedProcess, DeployResource, Variables } from './workflow-engine.ts';

/** A decision created (or found unchanged) by a deployment. */
export interface DecisionDefinitionView {
  decisionKey: string;
  decisionId: string;
  name: string;
  version: number;
  versionTag: string | null;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
}

/** A decision requirements graph (one DMN resource). */
export interface DecisionRequirementsView {
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  name: string;
  version: number;
  resourceName: string;
}

/** Everything a deployment created or found unchanged. */
export interface Deployment {
  deploymentKey: string;
  processes: DeployedProcess[];
  decisions: DecisionDefinitionView[];
  decisionRequirements: DecisionRequirementsView[];
}

/** One decision evaluated within an evaluation (Zeebe's EvaluatedDecision); values are JSON values. */
export interface EvaluatedDecisionView {
  /** The decision instance (`decisionEvaluationInstanceKey`). */
  decisionInstanceKey: string;
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION';
  output: unknown;
  evaluatedInputs: { inputId: string; inputName: string; inputValue: unknown }[];
  matchedRules: { ruleId: string; ruleIndex: number; evaluatedOutputs: { outputId: string; outputName: string; outputValue: unknown }[] }[];
}

/** The outcome of {@link Decisions.evaluateDecision}; a failed evaluation is an outcome, not an error. */
export interface DecisionEvaluation {
  evaluationKey: string;
  decision: DecisionDefinitionView;
  output: unknown;
  evaluatedDecisions: EvaluatedDecisionView[];
  /** Set when the evaluation failed. */
  failedDecisionId: string | null;
  failureMessage: string | null;
}

/** A stored decision instance: one decision evaluated, by a business rule task or on request. */
export interface DecisionInstanceView extends EvaluatedDecisionView {
  evaluationKey: string;
  state: 'EVALUATED' | 'FAILED';
  evaluationDate: Date;
  failureMessage: string | null;
  decisionRequirementsKey: string;
  processDefinitionKey: string | null;
  processInstanceKey: string | null;
  elementInstanceKey: string | null;
  elementId: string | null;
}

/** Filter of {@link Decisions.searchDecisionDefinitions}. */
export interface DecisionDefinitionQuery {
  decisionId?: string;
  decisionKey?: string;
  decisionRequirementsKey?: string;
}

/** Filter of {@link Decisions.searchDecisionInstances}. */
export interface DecisionInstanceQuery {
  decisionInstanceKey?: string;
  evaluationKey?: string;
  processInstanceKey?: string;
  decisionKey?: string;
  decisionId?: string;
}

/** The decision part of the workflow engine. */
export interface Decisions {
  /**
   * Deploys resources as {@link WorkflowEngine.deployResources}, `.dmn` ones as decision requirements
   * graphs; answers every process, decision and DRG of the deployment.
   */
  deploy(resources: DeployResource[]): Promise<Deployment>;

  /**
   * Evaluates the latest version of a decision (by id) or a given decision (by key) and stores the
   * evaluation; NotFoundError when there is no such decision.
   */
  evaluateDecision(request: { decisionId?: string; decisionKey?: string; variables?: Variables }): Promise<DecisionEvaluation>;

  /** Deployed decisions, newest first (bounded to 1,000). */
  searchDecisionDefinitions(filter?: DecisionDefinitionQuery): Promise<DecisionDefinitionView[]>;

  /** Deployed decision requirements graphs, newest first (bounded to 1,000). */
  searchDecisionRequirements(filter?: { decisionRequirementsKey?: string; decisionRequirementsId?: string }): Promise<DecisionRequirementsView[]>;

  /** The DMN XML a decision (by its key) or DRG was deployed from; NotFoundError if unknown. */
  getDecisionXml(key: { decisionKey?: string; decisionRequirementsKey?: string }): Promise<string>;

  /** Decision instances, newest first (bounded to 1,000). */
  searchDecisionInstances(filter?: DecisionInstanceQuery): Promise<DecisionInstanceView[]>;
}
