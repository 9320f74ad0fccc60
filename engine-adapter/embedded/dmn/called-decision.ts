/**
 * `zeebe:calledDecision` on a business rule task (Camunda 8.8): the task evaluates a DMN decision
 * itself (kind `businessRule`) instead of creating a job. `decisionId` (static or FEEL) and
 * `resultVariable` are required; `bindingType` is `latest` (default), `deployment` or `versionTag`
 * (then `versionTag` is required).
 */
import { BpmnValidationError } from '../../errors.ts';
import { checkSyntax, toExpr, type Expr } from '../feel.ts';
import type { ElementModel } from '../model.ts';

/** The decision a business rule task evaluates. */
export interface CalledDecisionDef {
  decisionId: Expr;
  resultVariable: string;
  bindingType: 'latest' | 'deployment' | 'versionTag';
  versionTag?: string;
}

const BINDINGS = ['latest', 'deployment', 'versionTag'] as const;

/** Turns a business rule task with `zeebe:calledDecision` into a `businessRule` element (validated). */
export function applyCalledDecision(moddleEl: any, model: ElementModel): void {
  if (moddleEl.$type !== 'bpmn:BusinessRuleTask') return;
  const c = (moddleEl.extensionElements?.values ?? []).find((v: any) => v.$type === 'zeebe:CalledDecision');
  if (!c) return;
  const attr = (name: string): string | undefined => c[name] ?? c.$attrs?.[name];
  const context = (attribute: string) => ({ elementId: model.id, elementType: model.type, attribute });
  const decisionId = toExpr(attr('decisionId'));
  if (!decisionId) throw new BpmnValidationError(`Element '${model.id}': zeebe:calledDecision has no decisionId`, context('zeebe:calledDecision.decisionId'));
  checkSyntax(decisionId, context('zeebe:calledDecision.decisionId'));
  const resultVariable = attr('resultVariable')?.trim();
  if (!resultVariable) throw new BpmnValidationError(`Element '${model.id}': zeebe:calledDecision has no resultVariable`, context('zeebe:calledDecision.resultVariable'));
  const bindingType = (attr('bindingType') ?? 'latest') as CalledDecisionDef['bindingType'];
  if (!BINDINGS.includes(bindingType)) throw new BpmnValidationError(`Element '${model.id}': unknown bindingType '${bindingType}' (expected latest, deployment or versionTag)`, context('zeebe:calledDecision.bindingType'));
  const versionTag = attr('versionTag')?.trim() || undefined;
  if (bindingType === 'versionTag' && !versionTag) throw new BpmnValidationError(`Element '${model.id}': bindingType 'versionTag' needs a versionTag`, context('zeebe:calledDecision.versionTag'));
  model.kind = 'businessRule';
  delete model.job;
  model.calledDecision = { decisionId, resultVariable, bindingType, ...(versionTag ? { versionTag } : {}) };
}
