/**
 * Decisions (decisions.ts) on a Camunda 8.8 cluster through the Orchestration Cluster REST API:
 * evaluation (`POST /v2/decision-definitions/evaluation`) and the decision read models.
 */
import type {
  DecisionDefinitionQuery, DecisionDefinitionView, DecisionEvaluation, DecisionInstanceQuery, DecisionInstanceView, DecisionRequirementsView,
  EvaluatedDecisionView,
} from '../decisions.ts';
import { NotFoundError } from '../errors.ts';
import type { Variables } from '../workflow-engine.ts';
import type { RestClient } from './rest-client.ts';
import type { RestOperations } from './rest-operations.ts';

interface RestDecisionDefinition { decisionDefinitionKey: string; decisionDefinitionId: string; name?: string; version: number; decisionRequirementsKey: string; decisionRequirementsId: string }
interface RestDecisionRequirements { decisionRequirementsKey: string; decisionRequirementsId: string; decisionRequirementsName?: string; version: number; resourceName?: string }
interface RestInput { inputId: string; inputName?: string; inputValue?: string }
interface RestRule { ruleId: string; ruleIndex: number; evaluatedOutputs?: { outputId: string; outputName?: string; outputValue?: string }[] }
interface RestEvaluated {
  decisionEvaluationInstanceKey: string; decisionDefinitionKey: string; decisionDefinitionId: string; decisionDefinitionName?: string;
  decisionDefinitionVersion: number; decisionDefinitionType: string; output?: string; evaluatedInputs?: RestInput[]; matchedRules?: RestRule[];
}
interface RestEvaluation extends Omit<RestEvaluated, 'decisionEvaluationInstanceKey' | 'decisionDefinitionType'> {
  decisionEvaluationKey: string; decisionRequirementsKey: string; decisionRequirementsId: string; failedDecisionDefinitionId?: string;
  failureMessage?: string; evaluatedDecisions: RestEvaluated[];
}
interface RestDecisionInstance extends Omit<RestEvaluated, 'output'> {
  decisionEvaluationKey: string; state: 'EVALUATED' | 'FAILED'; evaluationDate: string; evaluationFailure?: string; result?: string;
  processDefinitionKey?: string; processInstanceKey?: string; elementInstanceKey?: string;
}

const enc = encodeURIComponent;
/** Camunda serialises values as JSON text. */
const parse = (text: string | undefined): unknown => (text === undefined || text === '' ? null : JSON.parse(text));
const orNull = (s: string | undefined | null) => (s === undefined || s === null || s === '' || s === '-1' ? null : String(s));

const toDefinition = (d: RestDecisionDefinition): DecisionDefinitionView => ({
  decisionKey: d.decisionDefinitionKey, decisionId: d.decisionDefinitionId, name: d.name ?? d.decisionDefinitionId, version: Number(d.version), versionTag: null,
  decisionRequirementsKey: d.decisionRequirementsKey, decisionRequirementsId: d.decisionRequirementsId,
});

function toEvaluated(e: RestEvaluated): EvaluatedDecisionView {
  return {
    decisionInstanceKey: e.decisionEvaluationInstanceKey, decisionKey: e.decisionDefinitionKey, decisionId: e.decisionDefinitionId,
    decisionName: e.decisionDefinitionName ?? e.decisionDefinitionId, decisionVersion: Number(e.decisionDefinitionVersion),
    decisionType: e.decisionDefinitionType === 'LITERAL_EXPRESSION' ? 'LITERAL_EXPRESSION' : 'DECISION_TABLE', output: parse(e.output),
    evaluatedInputs: (e.evaluatedInputs ?? []).map((i) => ({ inputId: i.inputId, inputName: i.inputName ?? i.inputId, inputValue: parse(i.inputValue) })),
    matchedRules: (e.matchedRules ?? []).map((r) => ({
      ruleId: r.ruleId, ruleIndex: Number(r.ruleIndex),
      evaluatedOutputs: (r.evaluatedOutputs ?? []).map((o) => ({ outputId: o.outputId, outputName: o.outputName ?? o.outputId, outputValue: parse(o.outputValue) })),
    })),
  };
}

/** The decision operations over REST. */
export class RestDecisions {
  constructor(readonly rest: RestClient, readonly ops: RestOperations) {}

  /** `POST /v2/decision-definitions/evaluation`. */
  async evaluateDecision(request: { decisionId?: string; decisionKey?: string; variables?: Variables }): Promise<DecisionEvaluation> {
    const body = { ...(request.decisionId ? { decisionDefinitionId: request.decisionId } : { decisionDefinitionKey: request.decisionKey }), variables: request.variables ?? {} };
    const key = request.decisionId ?? request.decisionKey ?? '';
    const r = (await this.rest.request<RestEvaluation>('Evaluate decision', 'POST', '/decision-definitions/evaluation', body, { what: 'Decision', key }))!;
    return {
      evaluationKey: r.decisionEvaluationKey,
      decision: toDefinition({ ...r, name: r.decisionDefinitionName, version: r.decisionDefinitionVersion }),
      output: orNull(r.failureMessage) ? null : parse(r.output), evaluatedDecisions: (r.evaluatedDecisions ?? []).map(toEvaluated),
      failedDecisionId: orNull(r.failedDecisionDefinitionId), failureMessage: orNull(r.failureMessage),
    };
  }

  /** `POST /v2/decision-definitions/search`. */
  async searchDecisionDefinitions(filter: DecisionDefinitionQuery = {}): Promise<DecisionDefinitionView[]> {
    const f = { ...(filter.decisionId ? { decisionDefinitionId: filter.decisionId } : {}), ...(filter.decisionKey ? { decisionDefinitionKey: filter.decisionKey } : {}), ...(filter.decisionRequirementsKey ? { decisionRequirementsKey: filter.decisionRequirementsKey } : {}) };
    const items = await this.ops.searchAll<RestDecisionDefinition>('Search decision definitions', '/decision-definitions/search', f, [{ field: 'decisionDefinitionKey', order: 'DESC' }]);
    return items.map(toDefinition);
  }

  /** `POST /v2/decision-requirements/search`. */
  async searchDecisionRequirements(filter: { decisionRequirementsKey?: string; decisionRequirementsId?: string } = {}): Promise<DecisionRequirementsView[]> {
    const items = await this.ops.searchAll<RestDecisionRequirements>('Search decision requirements', '/decision-requirements/search', { ...filter }, [{ field: 'decisionRequirementsKey', order: 'DESC' }]);
    return items.map((d) => ({ decisionRequirementsKey: d.decisionRequirementsKey, decisionRequirementsId: d.decisionRequirementsId, name: d.decisionRequirementsName ?? d.decisionRequirementsId, version: Number(d.version), resourceName: d.resourceName ?? '' }));
  }

  /** `GET /v2/decision-definitions/{key}/xml` or `GET /v2/decision-requirements/{key}/xml`. */
  async getDecisionXml(key: { decisionKey?: string; decisionRequirementsKey?: string }): Promise<string> {
    const [path, what, k] = key.decisionKey ? ['decision-definitions', 'Decision definition', key.decisionKey] : ['decision-requirements', 'Decision requirements', key.decisionRequirementsKey ?? ''];
    const xml = await this.rest.getText(`Get ${what.toLowerCase()} XML`, `/${path}/${enc(k)}/xml`, 'text/xml', { what, key: k });
    if (!xml) throw new NotFoundError(`XML of ${what.toLowerCase()}`, k);
    return xml;
  }

  /** `POST /v2/decision-instances/search`, then `GET /v2/decision-instances/{key}` for inputs and rules. */
  async searchDecisionInstances(filter: DecisionInstanceQuery = {}): Promise<DecisionInstanceView[]> {
    const f: Record<string, unknown> = {};
    if (filter.decisionInstanceKey) f.decisionEvaluationInstanceKey = filter.decisionInstanceKey;
    if (filter.evaluationKey) f.decisionEvaluationKey = filter.evaluationKey;
    if (filter.processInstanceKey) f.processInstanceKey = filter.processInstanceKey;
    if (filter.decisionKey) f.decisionDefinitionKey = filter.decisionKey;
    if (filter.decisionId) f.decisionDefinitionId = filter.decisionId;
    const items = await this.ops.searchAll<RestDecisionInstance>('Search decision instances', '/decision-instances/search', f, [{ field: 'decisionEvaluationInstanceKey', order: 'DESC' }]);
    const out: DecisionInstanceView[] = [];
    for (const item of items) {
      const full = (await this.rest.request<RestDecisionInstance>('Get decision instance', 'GET', `/decision-instances/${enc(item.decisionEvaluationInstanceKey)}`, undefined, { what: 'Decision instance', key: item.decisionEvaluationInstanceKey }))!;
      out.push({
        ...toEvaluated({ ...full, output: full.result }), evaluationKey: full.decisionEvaluationKey, state: full.state, evaluationDate: new Date(full.evaluationDate),
        failureMessage: orNull(full.evaluationFailure), decisionRequirementsKey: '', processDefinitionKey: orNull(full.processDefinitionKey),
        processInstanceKey: orNull(full.processInstanceKey), elementInstanceKey: orNull(full.elementInstanceKey), elementId: null,
      });
    }
    return out;
  }
}
