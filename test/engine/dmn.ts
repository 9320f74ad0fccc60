/** Compact builders for DMN 1.3 fixtures (the namespace Camunda Modeler writes) and business rule tasks. */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Wraps decisions into DMN 1.3 `definitions` (the DRG `drgId`). */
export function dmn(drgId: string, ...decisions: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="${drgId}" name="${drgId}" namespace="http://camunda.org/schema/1.0/dmn">
${decisions.join('\n')}
</definitions>`;
}

/** A decision table: inputs are FEEL expressions; each rule is [input entries, output entries]. */
export function table(id: string, opts: { hitPolicy?: string; aggregation?: string; inputs: string[]; outputs: { name: string; values?: string; default?: string }[]; rules: [string[], string[]][]; requires?: string[]; versionTag?: string }): string {
  const req = (opts.requires ?? []).map((r) => `<informationRequirement><requiredDecision href="#${r}"/></informationRequirement>`).join('');
  const tag = opts.versionTag ? `<extensionElements><zeebe:versionTag value="${opts.versionTag}"/></extensionElements>` : '';
  const inputs = opts.inputs.map((e, i) => `<input id="${id}_in${i}" label="in${i}"><inputExpression><text>${esc(e)}</text></inputExpression></input>`).join('');
  const outputs = opts.outputs.map((o, i) => `<output id="${id}_out${i}" name="${o.name}">${o.values ? `<outputValues><text>${esc(o.values)}</text></outputValues>` : ''}${o.default ? `<defaultOutputEntry><text>${esc(o.default)}</text></defaultOutputEntry>` : ''}</output>`).join('');
  const rules = opts.rules.map(([ins, outs], r) => `<rule id="${id}_r${r + 1}">${ins.map((t) => `<inputEntry><text>${esc(t)}</text></inputEntry>`).join('')}${outs.map((t) => `<outputEntry><text>${esc(t)}</text></outputEntry>`).join('')}</rule>`).join('\n');
  const attrs = `${opts.hitPolicy ? ` hitPolicy="${opts.hitPolicy}"` : ''}${opts.aggregation ? ` aggregation="${opts.aggregation}"` : ''}`;
  return `<decision id="${id}" name="${id}">${tag}${req}<decisionTable id="${id}_t"${attrs}>${inputs}${outputs}\n${rules}</decisionTable></decision>`;
}

/** A literal-expression decision whose result is visible as `variable` to the decisions requiring it. */
export function literal(id: string, expression: string, variable = id): string {
  return `<decision id="${id}" name="${id}"><variable name="${variable}"/><literalExpression><text>${esc(expression)}</text></literalExpression></decision>`;
}

/** A business rule task calling a decision. */
export function businessRuleTask(id: string, decisionId: string, resultVariable: string, attrs: Record<string, string> = {}): string {
  const extra = Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  return `<bpmn:businessRuleTask id="${id}"><bpmn:extensionElements><zeebe:calledDecision decisionId="${esc(decisionId)}" resultVariable="${resultVariable}"${extra}/></bpmn:extensionElements></bpmn:businessRuleTask>`;
}
