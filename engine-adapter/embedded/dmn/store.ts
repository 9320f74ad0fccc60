/**
 * Decisions in the database: deploying DRGs (a new version when the DMN changed, or when a process of
 * the same deployment is new, so that `bindingType="deployment"` finds them), looking decisions up as
 * Camunda's binding types do, and storing each evaluation as decision instances.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DecisionDefinitionView, DecisionEvaluation, DecisionRequirementsView } from '../../decisions.ts';
import type { DeployedProcess, DeployResource } from '../../workflow-engine.ts';
import type { EngineCore } from '../core.ts';
import type { StepContext } from '../step-context.ts';
import type { DecisionResult } from './evaluate.ts';
import type { DrgModel } from './model.ts';
import { parseDmn } from './parse.ts';

/** A DMN resource parsed, ready to be stored. */
export interface ParsedDrg {
  drg: DrgModel;
  resourceName: string;
  xml: string;
  checksum: string;
}

/** Whether a resource is DMN (Camunda decides by the file name's extension). */
export const isDmn = (r: DeployResource) => /\.dmn$/i.test(r.name);

/** Parses every DMN resource (before anything is written: one bad resource deploys nothing). */
export async function parseDrgs(resources: DeployResource[]): Promise<ParsedDrg[]> {
  const out: ParsedDrg[] = [];
  for (const r of resources) {
    const drg = await parseDmn(r.content, r.name);
    out.push({ drg, resourceName: r.name, xml: r.content, checksum: createHash('sha256').update(r.content).digest('hex') });
  }
  return out;
}

export const toDecision = (r: Record<string, any>): DecisionDefinitionView => ({
  decisionKey: String(r.key), decisionId: r.decision_id, name: r.name, version: Number(r.version), versionTag: r.version_tag ?? null,
  decisionRequirementsKey: String(r.decision_requirements_key), decisionRequirementsId: r.decision_requirements_id,
});

export const toRequirements = (r: Record<string, any>): DecisionRequirementsView => ({
  decisionRequirementsKey: String(r.key), decisionRequirementsId: r.decision_requirements_id, name: r.name, version: Number(r.version), resourceName: r.resource_name,
});

/** Records the deployment of each process definition first deployed now; answers whether any was. */
async function recordProcesses(ctx: StepContext, processes: DeployedProcess[], deploymentKey: string): Promise<boolean> {
  let anyNew = false;
  for (const p of processes) {
    const res = await ctx.tx.insertInto('engine_process_deployment').values({ process_definition_key: p.processDefinitionKey, deployment_key: deploymentKey })
      .onConflict((oc) => oc.column('process_definition_key').doNothing()).returning('deployment_key').executeTakeFirst();
    if (res) anyNew = true;
  }
  return anyNew;
}

/** Stores the DRGs of a deployment; answers the decisions and DRGs (new or unchanged). */
export async function deployDrgs(ctx: StepContext, drgs: ParsedDrg[], processes: DeployedProcess[], deploymentKey: string): Promise<{ decisions: DecisionDefinitionView[]; decisionRequirements: DecisionRequirementsView[] }> {
  const anyNewProcess = await recordProcesses(ctx, processes, deploymentKey);
  const latestOf = async (p: ParsedDrg) => ctx.tx.selectFrom('engine_decision_requirements').selectAll().where('decision_requirements_id', '=', p.drg.id).orderBy('version', 'desc').limit(1).executeTakeFirst();
  const latest = await Promise.all(drgs.map(latestOf));
  const changed = anyNewProcess || drgs.some((p, i) => latest[i]?.checksum !== p.checksum);
  const decisions: DecisionDefinitionView[] = [];
  const decisionRequirements: DecisionRequirementsView[] = [];
  for (const [i, p] of drgs.entries()) {
    const old = latest[i];
    if (old && !changed) {
      decisionRequirements.push(toRequirements(old));
      decisions.push(...(await ctx.tx.selectFrom('engine_decision_definition').selectAll().where('decision_requirements_key', '=', old.key).orderBy('key').execute()).map(toDecision));
      continue;
    }
    const drgRow = {
      key: ctx.keys.next(), decision_requirements_id: p.drg.id, name: p.drg.name, version: old ? Number(old.version) + 1 : 1, checksum: p.checksum,
      resource_name: p.resourceName, xml: p.xml, deployment_key: deploymentKey, deployed_at: ctx.now,
    };
    await ctx.tx.insertInto('engine_decision_requirements').values(drgRow).execute();
    decisionRequirements.push(toRequirements(drgRow));
    for (const d of p.drg.decisions.values()) {
      const prev = await ctx.tx.selectFrom('engine_decision_definition').select('version').where('decision_id', '=', d.id).orderBy('version', 'desc').limit(1).executeTakeFirst();
      const row = {
        key: ctx.keys.next(), decision_id: d.id, name: d.name, version: prev ? Number(prev.version) + 1 : 1, version_tag: d.versionTag ?? null,
        decision_requirements_key: drgRow.key, decision_requirements_id: p.drg.id, deployment_key: deploymentKey,
      };
      await ctx.tx.insertInto('engine_decision_definition').values(row).execute();
      decisions.push(toDecision(row));
    }
  }
  return { decisions, decisionRequirements };
}

const drgCaches = new WeakMap<object, Map<string, DrgModel>>();

/** The parsed DRG of a decision (cached per engine; DRGs are immutable). */
export async function drgOf(core: EngineCore, db: Kysely<any>, decision: DecisionDefinitionView): Promise<DrgModel> {
  let cache = drgCaches.get(core);
  if (!cache) drgCaches.set(core, (cache = new Map()));
  const hit = cache.get(decision.decisionRequirementsKey);
  if (hit) return hit;
  const row = await db.selectFrom('engine_decision_requirements').select(['xml', 'resource_name']).where('key', '=', decision.decisionRequirementsKey).executeTakeFirstOrThrow();
  const drg = await parseDmn(row.xml, row.resource_name);
  cache.set(decision.decisionRequirementsKey, drg);
  return drg;
}

/** How a business rule task or a request names its decision. */
export type DecisionRef =
  | { binding: 'latest'; decisionId: string }
  | { binding: 'deployment'; decisionId: string; processDefinitionKey: string }
  | { binding: 'versionTag'; decisionId: string; versionTag: string }
  | { binding: 'key'; decisionKey: string };

/** Finds a decision; answers Zeebe's lookup failure message when there is none. */
export async function findDecision(db: Kysely<any>, ref: DecisionRef): Promise<DecisionDefinitionView | string> {
  let q = db.selectFrom('engine_decision_definition').selectAll();
  if (ref.binding === 'key') q = q.where('key', '=', ref.decisionKey);
  else q = q.where('decision_id', '=', ref.decisionId).orderBy('version', 'desc').limit(1);
  if (ref.binding === 'versionTag') q = q.where('version_tag', '=', ref.versionTag);
  if (ref.binding === 'deployment') {
    q = q.where('deployment_key', '=', (eb: any) => eb.selectFrom('engine_process_deployment').select('deployment_key').where('process_definition_key', '=', ref.processDefinitionKey));
  }
  const row = await q.executeTakeFirst();
  if (row) return toDecision(row);
  switch (ref.binding) {
    case 'key': return `Expected to evaluate decision '${ref.decisionKey}', but no decision found for key '${ref.decisionKey}'`;
    case 'latest': return `Expected to evaluate decision '${ref.decisionId}', but no decision found for id '${ref.decisionId}'`;
    case 'versionTag': return `Expected to evaluate decision with id '${ref.decisionId}' and version tag '${ref.versionTag}', but no such decision found. To resolve this incident, deploy a decision with the given id and version tag.`;
    default: {
      const dep = await db.selectFrom('engine_process_deployment').select('deployment_key').where('process_definition_key', '=', ref.processDefinitionKey).executeTakeFirst();
      return `Expected to evaluate decision '${ref.decisionId}' with binding type 'deployment', but no such decision found in the deployment with key ${dep?.deployment_key ?? ref.processDefinitionKey} which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended decision to evaluate.`;
    }
  }
}

/** Where an evaluation happened: a business rule task, or none (evaluated on request). */
export interface EvaluationOrigin {
  processDefinitionKey: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
}

/** Stores one evaluation as decision instances (one per evaluated decision); answers its view. */
export async function recordEvaluation(ctx: StepContext, decision: DecisionDefinitionView, result: DecisionResult, origin?: EvaluationOrigin): Promise<DecisionEvaluation> {
  const evaluationKey = ctx.keys.next();
  const siblings = new Map((await ctx.tx.selectFrom('engine_decision_definition').selectAll().where('decision_requirements_key', '=', decision.decisionRequirementsKey).execute()).map((r) => [r.decision_id as string, toDecision(r)]));
  const evaluatedDecisions = [];
  for (const e of result.evaluatedDecisions) {
    const def = siblings.get(e.decisionId) ?? decision;
    const failed = result.failedDecisionId === e.decisionId;
    const view = { ...e, decisionInstanceKey: ctx.keys.next(), decisionKey: def.decisionKey, decisionVersion: def.version };
    evaluatedDecisions.push(view);
    await ctx.tx.insertInto('engine_decision_instance').values({
      key: view.decisionInstanceKey, evaluation_key: evaluationKey, state: failed ? 'FAILED' : 'EVALUATED', evaluated_at: ctx.now,
      failure: failed ? result.failureMessage ?? null : null, decision_key: def.decisionKey, decision_id: e.decisionId, decision_name: e.decisionName,
      decision_version: def.version, decision_type: e.decisionType, decision_requirements_key: def.decisionRequirementsKey,
      decision_requirements_id: def.decisionRequirementsId, result: failed ? null : JSON.stringify(e.output ?? null),
      evaluated_inputs: JSON.stringify(e.evaluatedInputs), matched_rules: JSON.stringify(e.matchedRules),
      process_definition_key: origin?.processDefinitionKey ?? null, process_instance_key: origin?.processInstanceKey ?? null,
      element_instance_key: origin?.elementInstanceKey ?? null, element_id: origin?.elementId ?? null,
    }).execute();
  }
  return { evaluationKey, decision, output: result.output, evaluatedDecisions, failedDecisionId: result.failedDecisionId ?? null, failureMessage: result.failureMessage ?? null };
}
