/**
 * Camunda's FEEL built-ins on top of feelin: the functions feelin lacks or runs differently, and the
 * names of every built-in Camunda publishes (`@camunda/feel-builtins`) for the deploy-time check.
 */
import { camundaBuiltins } from '@camunda/feel-builtins';
import type { Builtin } from './helpers.ts';
import { listFunctions } from './lists.ts';
import { rangeFunctions } from './ranges.ts';
import { stringFunctions } from './strings.ts';
import { temporalFunctions } from './temporal.ts';
import { valueFunctions } from './values.ts';

export { withFeelClock } from './clock.ts';
export { FeelFailure } from './helpers.ts';

/** Functions passed to feelin in the evaluation context (they take precedence over its own built-ins). */
export const camundaFunctions: Record<string, Builtin> = { ...stringFunctions, ...listFunctions, ...rangeFunctions, ...valueFunctions, ...temporalFunctions };

/** Every built-in function name: Camunda's published list, feelin's extras, ours. */
export const builtinNames: ReadonlySet<string> = new Set([...camundaBuiltins.map((b) => b.name), ...Object.keys(camundaFunctions), 'is', 'list replace']);

/** The functions whose name occurs in an expression's text (feelin converts its whole context per call). */
export function functionsIn(src: string): Record<string, Builtin> {
  const out: Record<string, Builtin> = {};
  for (const [name, fn] of Object.entries(camundaFunctions)) if (src.includes(name)) out[name] = fn;
  return out;
}

/** A parse context naming every built-in, so names with spaces or keywords (`get or else`) parse. */
export const builtinParseContext: Record<string, null> = Object.fromEntries([...builtinNames].map((n) => [n, null]));
