/** The executable model of a DMN resource: a decision requirements graph (DRG) and its decisions. */

/** Hit policies of decision tables (DMN 1.3), with Camunda's spelling. */
export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];

/** Aggregators of the COLLECT hit policy. */
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** One input column: its FEEL expression and the name shown in evaluated inputs. */
export interface TableInput {
  id: string;
  name: string;
  expression: string;
}

/** One output column; `values` are the output values (for PRIORITY and OUTPUT ORDER), as FEEL unary tests text. */
export interface TableOutput {
  id: string;
  name: string;
  values: unknown[];
  /** `defaultOutputEntry` (FEEL): the output when no rule matched. */
  defaultEntry?: string;
}

/** One rule: an input entry (unary tests) per input and an output entry (FEEL) per output. */
export interface TableRule {
  id: string;
  /** 1-based, as Zeebe reports `ruleIndex`. */
  index: number;
  inputEntries: string[];
  outputEntries: string[];
}

/** A decision table. */
export interface DecisionTable {
  kind: 'DECISION_TABLE';
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: TableInput[];
  outputs: TableOutput[];
  rules: TableRule[];
}

/** A literal expression. */
export interface LiteralExpression {
  kind: 'LITERAL_EXPRESSION';
  expression: string;
}

/** One decision of a DRG. */
export interface DecisionModel {
  id: string;
  name: string;
  /** Name under which its result is visible to the decisions that require it (its variable, else its id). */
  resultName: string;
  versionTag?: string;
  /** Ids of the decisions it requires (information requirements), evaluated first. */
  requires: string[];
  logic: DecisionTable | LiteralExpression;
}

/** A parsed DMN resource. */
export interface DrgModel {
  id: string;
  name: string;
  decisions: Map<string, DecisionModel>;
}
