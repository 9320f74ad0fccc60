/**
 * Parses DMN 1.3 XML (Camunda Modeler's `https://www.omg.org/spec/DMN/20191111/MODEL/`) with
 * dmn-moddle into a {@link DrgModel}. Like Zeebe (which parses every FEEL expression of a DRG when it
 * is deployed), anything that could not be evaluated is rejected here, naming the decision.
 */
import { DmnModdle } from 'dmn-moddle';
import { parseExpression, parseUnaryTests } from 'feelin';
import { BpmnParseError, BpmnValidationError } from '../../errors.ts';
import { AGGREGATIONS, HIT_POLICIES, type Aggregation, type DecisionModel, type DecisionTable, type DrgModel, type HitPolicy } from './model.ts';
import { fatalWarning, type ImportWarning } from '../import-warnings.ts';

/** A dmn-moddle element (untyped). */
type Node = any;

const moddle = new DmnModdle();

function lineColumn(message: string): { line?: number; column?: number } {
  const line = /line: (\d+)/.exec(message)?.[1];
  const column = /column: (\d+)/.exec(message)?.[1];
  return { line: line === undefined ? undefined : Math.max(1, Number(line)), column: column === undefined ? undefined : Number(column) };
}

async function readXml(xml: string, resourceName: string): Promise<Node> {
  let parsed: { rootElement: Node; warnings: ImportWarning[] };
  try {
    parsed = (await moddle.fromXML(xml, 'dmn:Definitions')) as never;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new BpmnParseError(`${resourceName}: ${message.split('\n')[0]}`, lineColumn(message), { cause: err });
  }
  const fatal = fatalWarning(parsed.warnings);
  if (fatal) throw new BpmnParseError(`${resourceName}: ${fatal.message.split('\n')[0]}`, lineColumn(fatal.message));
  if (parsed.rootElement?.$type !== 'dmn:Definitions') throw new BpmnParseError(`${resourceName}: not a DMN 1.3 definitions document`);
  return parsed.rootElement;
}

function invalid(decision: Node, elementType: string, attribute: string, detail: string): BpmnValidationError {
  return new BpmnValidationError(`Decision '${decision.id}': ${detail}`, { elementId: decision.id, elementType, attribute });
}

/** Rejects FEEL text that does not parse (as an expression, or as unary tests). */
function checkFeel(text: string, unary: boolean, decision: Node, elementType: string, attribute: string): string {
  const src = text.trim();
  if (unary && (src === '' || src === '-')) return src;
  if (!unary && src === '') return src;
  const tree = unary ? parseUnaryTests(src, {}, undefined) : parseExpression(src, {}, undefined);
  let broken = false;
  tree.iterate({ enter: (node) => { if (node.type.isError) broken = true; } });
  if (broken) throw invalid(decision, elementType, attribute, `failed to parse FEEL ${unary ? 'unary-tests' : 'expression'} '${src}'`);
  return src;
}

function versionTagOf(decision: Node): string | undefined {
  const tag = (decision.extensionElements?.values ?? []).find((v: Node) => /(^|:)versionTag$/i.test(v.$type));
  const value = tag?.value ?? tag?.$attrs?.value;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function tableOf(decision: Node, t: Node): DecisionTable {
  const hitPolicy = String(t.hitPolicy ?? 'UNIQUE').toUpperCase().replace(/_/g, ' ') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) throw invalid(decision, 'dmn:DecisionTable', 'hitPolicy', `unknown hit policy '${t.hitPolicy}' (expected one of ${HIT_POLICIES.join(', ')})`);
  const aggregation = t.aggregation ? String(t.aggregation).toUpperCase() as Aggregation : undefined;
  if (aggregation && !AGGREGATIONS.includes(aggregation)) throw invalid(decision, 'dmn:DecisionTable', 'aggregation', `unknown aggregation '${t.aggregation}'`);
  const outputsXml: Node[] = t.output ?? [];
  if (!outputsXml.length) throw invalid(decision, 'dmn:DecisionTable', 'output', 'a decision table needs at least one output');
  const inputs = (t.input ?? []).map((i: Node) => {
    const expression = checkFeel(i.inputExpression?.text ?? '', false, decision, 'dmn:InputClause', 'inputExpression');
    return { id: i.id, name: i.label ?? (expression || i.id), expression };
  });
  const outputs = outputsXml.map((o: Node) => {
    const text = o.outputValues?.text?.trim();
    if (text) checkFeel(text, true, decision, 'dmn:OutputClause', 'outputValues');
    const values = text ? splitValues(text) : [];
    if (outputsXml.length > 1 && !o.name) throw invalid(decision, 'dmn:OutputClause', 'name', `output '${o.id}' needs a name when a table has several outputs`);
    const defaultEntry = o.defaultOutputEntry?.text?.trim() ? checkFeel(o.defaultOutputEntry.text, false, decision, 'dmn:OutputClause', 'defaultOutputEntry') : undefined;
    return { id: o.id, name: o.name ?? o.label ?? o.id, values, ...(defaultEntry ? { defaultEntry } : {}) };
  });
  const rules = (t.rule ?? []).map((r: Node, i: number) => {
    const inputEntries = (r.inputEntry ?? []).map((e: Node) => checkFeel(e.text ?? '', true, decision, 'dmn:UnaryTests', `rule '${r.id}' input entry`));
    const outputEntries = (r.outputEntry ?? []).map((e: Node) => checkFeel(e.text ?? '', false, decision, 'dmn:LiteralExpression', `rule '${r.id}' output entry`));
    if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
      throw invalid(decision, 'dmn:DecisionRule', 'rule', `rule '${r.id}' has ${inputEntries.length} input and ${outputEntries.length} output entries, the table ${inputs.length} inputs and ${outputs.length} outputs`);
    }
    return { id: r.id, index: i + 1, inputEntries, outputEntries };
  });
  // As Camunda (dmn-scala): an aggregation counts with COLLECT only.
  return { kind: 'DECISION_TABLE', hitPolicy, ...(aggregation && hitPolicy === 'COLLECT' ? { aggregation } : {}), inputs, outputs, rules };
}

/** The output values of an output clause (a comma-separated list of literals, e.g. `"high","low"`). */
function splitValues(text: string): unknown[] {
  const out: unknown[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|([^,\s][^,]*)/g)) {
    if (m[1] !== undefined) out.push(m[1].replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) out.push(Number.isFinite(Number(m[2].trim())) ? Number(m[2].trim()) : m[2].trim() === 'true' ? true : m[2].trim() === 'false' ? false : m[2].trim());
  }
  return out;
}

function decisionOf(d: Node): DecisionModel {
  if (!d.id) throw new BpmnValidationError('A decision has no id', { elementType: 'dmn:Decision', attribute: 'id' });
  const requires = (d.informationRequirement ?? []).flatMap((r: Node) => (r.requiredDecision?.href ? [String(r.requiredDecision.href).replace(/^.*#/, '')] : []));
  const base = { id: d.id, name: d.name ?? d.id, resultName: d.variable?.name ?? d.id, versionTag: versionTagOf(d), requires };
  const logic = d.decisionLogic;
  if (logic?.$type === 'dmn:DecisionTable') return { ...base, logic: tableOf(d, logic) };
  if (logic?.$type === 'dmn:LiteralExpression') {
    const expression = checkFeel(logic.text ?? '', false, d, 'dmn:LiteralExpression', 'text');
    if (!expression) throw invalid(d, 'dmn:LiteralExpression', 'text', 'the literal expression is empty');
    return { ...base, logic: { kind: 'LITERAL_EXPRESSION', expression } };
  }
  throw invalid(d, logic?.$type ?? 'dmn:Decision', 'decisionLogic', logic ? `decision logic ${logic.$type} is not supported (only decision tables and literal expressions)` : 'the decision has no decision logic');
}

function checkRequirements(drg: DrgModel): void {
  for (const d of drg.decisions.values()) {
    for (const r of d.requires) {
      if (!drg.decisions.has(r)) throw new BpmnValidationError(`Decision '${d.id}': required decision '${r}' is not in the DRG '${drg.id}'`, { elementId: d.id, elementType: 'dmn:Decision', attribute: 'informationRequirement' });
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new BpmnValidationError(`Decision '${id}': its required decisions form a cycle`, { elementId: id, elementType: 'dmn:Decision', attribute: 'informationRequirement' });
    state.set(id, 'visiting');
    for (const r of drg.decisions.get(id)!.requires) visit(r);
    state.set(id, 'done');
  };
  for (const id of drg.decisions.keys()) visit(id);
}

/** Parses one DMN resource; throws the engine's typed deploy errors. */
export async function parseDmn(xml: string, resourceName: string): Promise<DrgModel> {
  const defs = await readXml(xml, resourceName);
  const drg: DrgModel = { id: defs.id ?? resourceName, name: defs.name ?? defs.id ?? resourceName, decisions: new Map() };
  for (const el of defs.drgElement ?? []) {
    if (el.$type !== 'dmn:Decision') continue;
    const d = decisionOf(el);
    if (drg.decisions.has(d.id)) throw new BpmnValidationError(`Decision '${d.id}' is defined twice in '${resourceName}'`, { elementId: d.id, elementType: 'dmn:Decision', attribute: 'id' });
    drg.decisions.set(d.id, d);
  }
  if (!drg.decisions.size) throw new BpmnValidationError(`${resourceName}: the DMN resource has no decision`, { elementType: 'dmn:Definitions' });
  checkRequirements(drg);
  return drg;
}
