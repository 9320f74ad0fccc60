/**
 * Lints a BPMN process (Zeebe / Camunda 8.8 dialect) through bpmnlint's API with the Zeebe moddle
 * loaded (the bpmnlint CLI does not load it and reports false errors). Used by the process tests and
 * by the API when a procedure controller uploads a new process version.
 *
 * Rule sets: `plugin:camunda-compat/camunda-cloud-8-8` (what Camunda 8.8 / the embedded engine can run)
 * and `bpmnlint:recommended` (modelling hygiene: labels, DI present, no overlapping shapes, no implicit
 * splits or joins…). Both are used in full: the shipped processes are clean under both.
 */
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json');
const { Linter } = require('bpmnlint') as { Linter: new (options: unknown) => { lint(root: unknown): Promise<Record<string, RawReport[]>> } };

interface RawReport {
  id?: string;
  message: string;
  category: string;
}

/** One lint finding. */
export interface LintIssue {
  /** Id of the offending element (or of the definitions when the XML does not parse). */
  elementId: string;
  /** Rule name, e.g. `camunda-compat/feel` or `label-required`; `xml` for parse problems. */
  rule: string;
  message: string;
  /** `error` | `warn` | `info` | `rule-error` (a rule that crashed). */
  category: string;
}

/** Options of {@link lintBpmn}. */
export interface LintOptions {
  /** Also apply `bpmnlint:recommended` (default true). */
  recommended?: boolean;
}

/** The rule sets extended by default. */
export const LINT_EXTENDS = ['plugin:camunda-compat/camunda-cloud-8-8', 'bpmnlint:recommended'] as const;

const PLUGIN = 'bpmnlint-plugin-camunda-compat';

/** Resolves rules and configs of bpmnlint itself and of the camunda-compat plugin only. */
const resolver = {
  resolveRule(pkg: string, ruleName: string): unknown {
    if (pkg === 'bpmnlint') return require(`bpmnlint/rules/${ruleName}`);
    if (pkg === PLUGIN) {
      const rules = (require(PLUGIN) as { rules: Record<string, string> }).rules;
      const path = rules[ruleName];
      if (!path) throw new Error(`unknown rule <${pkg}/${ruleName}>`);
      // The plugin maps rule names to paths relative to its package root.
      return require(`${PLUGIN}/${path.replace(/^\.\//, '')}`);
    }
    throw new Error(`rule package not allowed: <${pkg}>`);
  },
  resolveConfig(pkg: string, configName: string): unknown {
    if (pkg === 'bpmnlint') return require(`bpmnlint/config/${configName}`);
    if (pkg === PLUGIN) {
      const config = (require(PLUGIN) as { configs: Record<string, unknown> }).configs[configName];
      if (!config) throw new Error(`unknown config <${pkg}/${configName}>`);
      return config;
    }
    throw new Error(`config package not allowed: <${pkg}>`);
  },
};

const moddle = new BpmnModdle({ zeebe: zeebeSchema });

/**
 * A fresh linter per call: bpmnlint caches rule instances per linter and some rules keep state in
 * their closure (e.g. `no-duplicate-sequence-flows`), so a shared linter reports false duplicates.
 */
function linterFor(recommended: boolean): InstanceType<typeof Linter> {
  const extendsList = recommended ? [...LINT_EXTENDS] : [LINT_EXTENDS[0]];
  return new Linter({ config: { extends: extendsList }, resolver });
}

/**
 * Lints BPMN XML. Resolves to every finding (errors, warnings, infos), sorted by element id then rule;
 * an empty list means clean. XML that does not parse gives one `xml` error (elementId `definitions`);
 * unknown elements or attributes the moddle warns about are reported as `xml` warnings.
 */
export async function lintBpmn(xml: string, options: LintOptions = {}): Promise<LintIssue[]> {
  let parsed: { rootElement: unknown; warnings: { message: string }[] };
  try {
    parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return [{ elementId: 'definitions', rule: 'xml', message, category: 'error' }];
  }
  const issues: LintIssue[] = parsed.warnings.map((w) => ({
    elementId: /id="([^"]+)"/.exec(w.message)?.[1] ?? 'definitions',
    rule: 'xml',
    message: w.message.split('\n')[0]!,
    category: /unparsable content|unknown type|unresolved reference/.test(w.message) ? 'error' : 'warn',
  }));
  const results = await linterFor(options.recommended !== false).lint(parsed.rootElement);
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) issues.push({ elementId: r.id ?? 'definitions', rule, message: r.message, category: r.category });
  }
  return issues.sort((a, b) => a.elementId.localeCompare(b.elementId) || a.rule.localeCompare(b.rule));
}

/** Only the findings of category `error` or `rule-error`. */
export function lintErrors(issues: readonly LintIssue[]): LintIssue[] {
  return issues.filter((i) => i.category === 'error' || i.category === 'rule-error');
}
