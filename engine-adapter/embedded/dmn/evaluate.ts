/**
 * Evaluates a decision of a DRG against variables, as Camunda 8 does: its required decisions first
 * (each once, their results in its context under their result name), then its decision table or
 * literal expression. Input entries are FEEL unary tests with `?` bound to the input's value.
 */
import { evaluate, unaryTest } from 'feelin';
import { toJson } from '../feel.ts';
import { applyHitPolicy, DecisionFailure, reportedRules, type RuleResult } from './hit-policies.ts';
import type { DecisionModel, DecisionTable, DrgModel } from './model.ts';

/** One decision evaluated (Zeebe's EvaluatedDecision); values are JSON values. */
export interface EvaluatedDecision {
  decisionId: string;
  decisionName: string;
  decisionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION';
  output: unknown;
  evaluatedInputs: { inputId: string; inputName: string; inputValue: unknown }[];
  matchedRules: { ruleId: string; ruleIndex: number; evaluatedOutputs: { outputId: string; outputName: string; outputValue: unknown }[] }[];
}

/** The outcome of evaluating a decision (Zeebe's DecisionEvaluationResult). */
export interface DecisionResult {
  output: unknown;
  evaluatedDecisions: EvaluatedDecision[];
  /** Set when the evaluation failed: the decision that failed and Zeebe's message. */
  failedDecisionId?: string;
  failureMessage?: string;
}

function feel(src: string, context: Record<string, unknown>, what: string): unknown {
  if (src === '') return null;
  let result: { value: unknown };
  try {
    result = evaluate(src, context);
  } catch (err) {
    throw new DecisionFailure(`failed to evaluate ${what} '${src}': ${err instanceof Error ? err.message : String(err)}`);
  }
  return toJson(result.value);
}

function test(src: string, input: unknown, context: Record<string, unknown>, ruleId: string): boolean {
  if (src === '' || src === '-') return true;
  let result: { value: boolean | null };
  try {
    result = unaryTest(src, { ...context, '?': input });
  } catch (err) {
    throw new DecisionFailure(`failed to evaluate input entry '${src}' of rule '${ruleId}': ${err instanceof Error ? err.message : String(err)}`);
  }
  return result.value === true;
}

function defaults(table: DecisionTable, context: Record<string, unknown>): unknown {
  const values = table.outputs.filter((o) => o.defaultEntry).map((o) => [o.name, feel(o.defaultEntry!, context, `default output entry of '${o.id}'`)] as const);
  if (!values.length) return null;
  return values.length === 1 ? values[0]![1] : Object.fromEntries(values);
}

function evalTable(d: DecisionModel, table: DecisionTable, context: Record<string, unknown>, out: EvaluatedDecision): unknown {
  const inputs = table.inputs.map((i) => feel(i.expression, context, `input expression of '${i.id}'`));
  out.evaluatedInputs = table.inputs.map((i, n) => ({ inputId: i.id, inputName: i.name, inputValue: inputs[n] }));
  const matched: RuleResult[] = [];
  for (const rule of table.rules) {
    if (!rule.inputEntries.every((e, n) => test(e, inputs[n], context, rule.id))) continue;
    const outputs: Record<string, unknown> = {};
    table.outputs.forEach((o, n) => { outputs[o.name] = feel(rule.outputEntries[n]!, context, `output entry of rule '${rule.id}'`); });
    matched.push({ index: rule.index, outputs });
    if (table.hitPolicy === 'FIRST') break;
  }
  // No rule matched: the outputs' default entries (none: null), as dmn-scala.
  const output = matched.length ? applyHitPolicy(table, matched) : defaults(table, context);
  out.matchedRules = reportedRules(table, matched).map((r) => ({
    ruleId: table.rules[r.index - 1]!.id, ruleIndex: r.index,
    evaluatedOutputs: table.outputs.map((o) => ({ outputId: o.id, outputName: o.name, outputValue: r.outputs[o.name] })),
  }));
  return output;
}

/** Evaluates `decisionId` of `drg`; a failure is reported in the result, never thrown. */
export function evaluateDecision(drg: DrgModel, decisionId: string, variables: Record<string, unknown>): DecisionResult {
  const evaluated: EvaluatedDecision[] = [];
  const results = new Map<string, unknown>();
  const run = (id: string): unknown => {
    if (results.has(id)) return results.get(id);
    const d = drg.decisions.get(id)!;
    const context: Record<string, unknown> = { ...variables };
    for (const r of d.requires) context[drg.decisions.get(r)!.resultName] = run(r);
    const entry: EvaluatedDecision = { decisionId: d.id, decisionName: d.name, decisionType: d.logic.kind, output: null, evaluatedInputs: [], matchedRules: [] };
    try {
      entry.output = d.logic.kind === 'DECISION_TABLE' ? evalTable(d, d.logic, context, entry) : feel(d.logic.expression, context, 'literal expression');
    } catch (err) {
      if (err instanceof DecisionFailure) throw Object.assign(err, { decisionId: d.id, entry });
      throw err;
    }
    evaluated.push(entry);
    results.set(id, entry.output);
    return entry.output;
  };
  try {
    return { output: run(decisionId), evaluatedDecisions: evaluated };
  } catch (err) {
    if (!(err instanceof DecisionFailure)) throw err;
    const failed = err as DecisionFailure & { decisionId: string; entry: EvaluatedDecision };
    evaluated.push(failed.entry);
    return { output: null, evaluatedDecisions: evaluated, failedDecisionId: failed.decisionId, failureMessage: `Expected to evaluate decision '${decisionId}', but ${err.message}` };
  }
}
