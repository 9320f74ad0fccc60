/**
 * Hit policies of decision tables, as Camunda 8 (dmn-scala) applies them to the matched rules:
 * UNIQUE/FIRST/ANY/PRIORITY give one value (null when nothing matched), COLLECT/RULE ORDER/OUTPUT
 * ORDER a list, COLLECT with SUM/MIN/MAX/COUNT one aggregated value.
 */
import type { DecisionTable } from './model.ts';

/** A failure of the decision's evaluation (becomes DECISION_EVALUATION_ERROR on a business rule task). */
export class DecisionFailure extends Error {}

/** A matched rule with its output values, by output name. */
export interface RuleResult {
  index: number;
  outputs: Record<string, unknown>;
}

/** One output value: the value of a single-output table, else the context of the outputs. */
function valueOf(table: DecisionTable, r: RuleResult): unknown {
  return table.outputs.length === 1 ? r.outputs[table.outputs[0]!.name] : r.outputs;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Priority of a rule: per output in order, the position of its value in the output values (unknown last). */
function priorityKey(table: DecisionTable, r: RuleResult): number[] {
  return table.outputs.map((o) => {
    if (!o.values.length) return 0;
    const i = o.values.findIndex((v) => same(v, r.outputs[o.name]));
    return i < 0 ? o.values.length : i;
  });
}

function byPriority(table: DecisionTable, matched: RuleResult[]): RuleResult[] {
  const keyed = matched.map((r) => ({ r, k: priorityKey(table, r) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i]! - b.k[i]!;
    return a.r.index - b.r.index;
  });
  return keyed.map((x) => x.r);
}

function aggregate(table: DecisionTable, matched: RuleResult[]): unknown {
  const agg = table.aggregation!;
  if (agg === 'COUNT') return matched.length;
  if (table.outputs.length > 1) throw new DecisionFailure(`multiple values aren't allowed. found: ${JSON.stringify(matched.map((r) => r.outputs))}`);
  const nums = matched.map((r) => valueOf(table, r));
  const wrong = nums.find((v) => typeof v !== 'number');
  if (wrong !== undefined) throw new DecisionFailure(`expected number but found '${JSON.stringify(wrong)}'`);
  if (agg === 'SUM') return (nums as number[]).reduce((a, b) => a + b, 0);
  return agg === 'MIN' ? Math.min(...(nums as number[])) : Math.max(...(nums as number[]));
}

/** A list of outputs (COLLECT, RULE ORDER, OUTPUT ORDER); as in dmn-scala, none is null. */
const list = (table: DecisionTable, rules: RuleResult[]) => (rules.length ? rules.map((r) => valueOf(table, r)) : null);

/**
 * The decision's output from its matched rules (in rule order; at least one, see `noMatch`). For
 * FIRST only the first is needed, the caller may stop early.
 */
export function applyHitPolicy(table: DecisionTable, matched: RuleResult[]): unknown {
  const values = () => matched.map((r) => valueOf(table, r));
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) throw new DecisionFailure(`multiple values aren't allowed for UNIQUE hit policy. found: '${JSON.stringify(values())}'`);
      return matched.length ? valueOf(table, matched[0]!) : null;
    case 'FIRST':
      return matched.length ? valueOf(table, matched[0]!) : null;
    case 'ANY': {
      const all = values();
      const distinct = all.filter((v, i) => all.findIndex((w) => same(v, w)) === i);
      if (distinct.length > 1) throw new DecisionFailure(`different values aren't allowed for ANY hit policy. found: '${JSON.stringify(distinct)}'`);
      return all.length ? all[0] : null;
    }
    case 'PRIORITY':
      return matched.length ? valueOf(table, byPriority(table, matched)[0]!) : null;
    case 'OUTPUT ORDER':
      return list(table, byPriority(table, matched));
    case 'RULE ORDER':
      return list(table, matched);
    case 'COLLECT':
      return table.aggregation ? aggregate(table, matched) : list(table, matched);
  }
}

/** Rules reported as matched: FIRST reports the first, every other policy all that matched (as Zeebe). */
export function reportedRules(table: DecisionTable, matched: RuleResult[]): RuleResult[] {
  return table.hitPolicy === 'FIRST' ? matched.slice(0, 1) : matched;
}
