/** The embedded engine's decision operations: evaluation on request and the decision read models. */
import { InvalidArgumentError, NotFoundError } from '../../errors.ts';
import type {
  DecisionDefinitionQuery, DecisionDefinitionView, DecisionEvaluation, DecisionInstanceQuery, DecisionInstanceView, DecisionRequirementsView,
} from '../../decisions.ts';
import type { Variables } from '../../workflow-engine.ts';
import type { EngineCore } from '../core.ts';
import { assertVariables } from '../variables.ts';
import { evaluateDecision } from './evaluate.ts';
import { drgOf, findDecision, recordEvaluation, toDecision, toRequirements } from './store.ts';

const LIMIT = 1000;

/** Evaluates a decision on request (latest by id, or by key) and stores the evaluation. */
export async function evaluateDecisionRequest(core: EngineCore, request: { decisionId?: string; decisionKey?: string; variables?: Variables }): Promise<DecisionEvaluation> {
  const variables = request.variables ?? {};
  assertVariables(variables);
  if (!request.decisionId && !request.decisionKey) throw new InvalidArgumentError('Expected either a decision id or a valid decision key, but none provided');
  if (!request.decisionId && !/^[0-9]{1,19}$/.test(request.decisionKey!)) throw new InvalidArgumentError(`Expected a decision key of digits, got '${request.decisionKey}'`, { key: request.decisionKey });
  return core.step(async (ctx) => {
    const found = await findDecision(ctx.tx, request.decisionId ? { binding: 'latest', decisionId: request.decisionId } : { binding: 'key', decisionKey: request.decisionKey! });
    if (typeof found === 'string') throw Object.assign(new NotFoundError('Decision', request.decisionId ?? request.decisionKey!), { message: found });
    const result = evaluateDecision(await drgOf(core, ctx.tx, found), found.decisionId, variables);
    return recordEvaluation(ctx, found, result);
  });
}

/** Deployed decisions, newest first. */
export async function searchDecisionDefinitions(core: EngineCore, filter: DecisionDefinitionQuery = {}): Promise<DecisionDefinitionView[]> {
  let q = core.db.selectFrom('engine_decision_definition').selectAll();
  if (filter.decisionId) q = q.where('decision_id', '=', filter.decisionId);
  if (filter.decisionKey) q = q.where('key', '=', filter.decisionKey);
  if (filter.decisionRequirementsKey) q = q.where('decision_requirements_key', '=', filter.decisionRequirementsKey);
  return (await q.orderBy('key', 'desc').limit(LIMIT).execute()).map(toDecision);
}

/** Deployed DRGs, newest first. */
export async function searchDecisionRequirements(core: EngineCore, filter: { decisionRequirementsKey?: string; decisionRequirementsId?: string } = {}): Promise<DecisionRequirementsView[]> {
  let q = core.db.selectFrom('engine_decision_requirements').select(['key', 'decision_requirements_id', 'name', 'version', 'resource_name']);
  if (filter.decisionRequirementsKey) q = q.where('key', '=', filter.decisionRequirementsKey);
  if (filter.decisionRequirementsId) q = q.where('decision_requirements_id', '=', filter.decisionRequirementsId);
  return (await q.orderBy('key', 'desc').limit(LIMIT).execute()).map(toRequirements);
}

/** The DMN XML of a decision's DRG, or of a DRG. */
export async function getDecisionXml(core: EngineCore, key: { decisionKey?: string; decisionRequirementsKey?: string }): Promise<string> {
  let drgKey = key.decisionRequirementsKey;
  if (key.decisionKey) {
    const d = await core.db.selectFrom('engine_decision_definition').select('decision_requirements_key').where('key', '=', key.decisionKey).executeTakeFirst();
    if (!d) throw new NotFoundError('Decision definition', key.decisionKey);
    drgKey = String(d.decision_requirements_key);
  }
  const row = drgKey ? await core.db.selectFrom('engine_decision_requirements').select('xml').where('key', '=', drgKey).executeTakeFirst() : undefined;
  if (!row) throw new NotFoundError('Decision requirements', drgKey ?? '');
  return row.xml;
}

/** jsonb columns come back parsed (pg and PGlite alike); lists are never strings. */
const list = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

function toInstance(r: Record<string, any>): DecisionInstanceView {
  const str = (v: unknown) => (v == null ? null : String(v));
  return {
    decisionInstanceKey: String(r.key), evaluationKey: String(r.evaluation_key), state: r.state, evaluationDate: new Date(r.evaluated_at),
    failureMessage: r.failure ?? null, decisionKey: String(r.decision_key), decisionId: r.decision_id, decisionName: r.decision_name,
    decisionVersion: Number(r.decision_version), decisionType: r.decision_type, decisionRequirementsKey: String(r.decision_requirements_key),
    output: r.result ?? null, evaluatedInputs: list(r.evaluated_inputs), matchedRules: list(r.matched_rules),
    processDefinitionKey: str(r.process_definition_key), processInstanceKey: str(r.process_instance_key),
    elementInstanceKey: str(r.element_instance_key), elementId: r.element_id ?? null,
  };
}

/** Decision instances, newest first. */
export async function searchDecisionInstances(core: EngineCore, filter: DecisionInstanceQuery = {}): Promise<DecisionInstanceView[]> {
  let q = core.db.selectFrom('engine_decision_instance').selectAll();
  if (filter.decisionInstanceKey) q = q.where('key', '=', filter.decisionInstanceKey);
  if (filter.evaluationKey) q = q.where('evaluation_key', '=', filter.evaluationKey);
  if (filter.processInstanceKey) q = q.where('process_instance_key', '=', filter.processInstanceKey);
  if (filter.decisionKey) q = q.where('decision_key', '=', filter.decisionKey);
  if (filter.decisionId) q = q.where('decision_id', '=', filter.decisionId);
  return (await q.orderBy('key', 'desc').limit(LIMIT).execute()).map(toInstance);
}
