/**
 * FEEL as Zeebe uses it: a value starting with `=` is a FEEL expression, anything else a static string.
 * Evaluation goes through feelin (Camunda dialect) with Camunda's built-ins (`feel-builtins/`); missing
 * variables evaluate to null (as in Zeebe); an unknown function or a failed `assert` is an error.
 */
import { evaluate, parseExpression } from 'feelin';
import { FeelSyntaxError, type EngineErrorContext } from '../errors.ts';
import { builtinNames, builtinParseContext, FeelFailure, functionsIn } from './feel-builtins/index.ts';

export { withFeelClock } from './feel-builtins/index.ts';

const DIALECT = 'camunda';

/** An attribute value: FEEL (`feel: true`, `src` without the `=`) or a static string. */
export interface Expr {
  feel: boolean;
  src: string;
}

/** Raised when an expression cannot be evaluated or has the wrong type; becomes an incident (of `errorType` when set). */
export class ExpressionError extends Error {
  constructor(message: string, readonly errorType?: string) {
    super(message);
  }
}

/** Evaluates an input or output mapping: a failure is Zeebe's `IO_MAPPING_ERROR`. */
export function evalMapping(expr: Expr, variables: Record<string, unknown>): unknown {
  try {
    return evalExpr(expr, variables);
  } catch (err) {
    if (err instanceof ExpressionError && !err.errorType) throw new ExpressionError(err.message, 'IO_MAPPING_ERROR');
    throw err;
  }
}

/** Wraps an attribute value; undefined/empty stays undefined. `alwaysFeel` for condition bodies. */
export function toExpr(raw: string | undefined | null, alwaysFeel = false): Expr | undefined {
  if (raw == null) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (text.startsWith('=')) return { feel: true, src: text.slice(1).trim() };
  return alwaysFeel ? { feel: true, src: text } : { feel: false, src: raw };
}

/** Throws {@link FeelSyntaxError} when a FEEL expression does not parse. */
export function checkSyntax(expr: Expr | undefined, context: EngineErrorContext): void {
  if (!expr?.feel) return;
  if (expr.src === '') throw new FeelSyntaxError(expr.src, 'empty expression', context);
  let broken = false;
  parseExpression(expr.src, builtinParseContext, DIALECT).iterate({ enter: (node) => { if (node.type.isError) broken = true; } });
  if (!broken) return;
  let detail = 'invalid expression';
  try {
    evaluate(expr.src, builtinParseContext, DIALECT);
  } catch (err) {
    detail = err instanceof Error ? err.message : String(err);
  }
  throw new FeelSyntaxError(expr.src, detail, context);
}

/** Converts FEEL values (temporals, ranges) to JSON values. */
export function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const iso = (value as { iso?: unknown }).iso;
    if (typeof iso === 'string') return iso;
    if (value.constructor !== Object) return String(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/**
 * Only the variables whose name occurs in the expression text: feelin converts its whole context on
 * every evaluation, which made a multi-instance over a large collection quadratic.
 */
function referenced(src: string, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(variables)) if (src.includes(name)) out[name] = variables[name];
  return out;
}

/** Evaluates an expression against variables; a static value is returned as is. */
export function evalExpr(expr: Expr, variables: Record<string, unknown>): unknown {
  if (!expr.feel) return expr.src;
  let result: ReturnType<typeof evaluate>;
  try {
    result = evaluate(expr.src, { ...functionsIn(expr.src), ...referenced(expr.src, variables) }, DIALECT);
  } catch (err) {
    if (err instanceof FeelFailure) throw new ExpressionError(`Assertion failure on evaluate the expression '${expr.src}': ${err.message}`);
    throw new ExpressionError(`failed to evaluate expression '${expr.src}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const missing = result.warnings.find((w) => w.type === 'NO_FUNCTION_FOUND');
  if (missing) {
    const name = expr.src.slice(missing.position.from, missing.position.to).split('(')[0]!.trim();
    throw new ExpressionError(`failed to evaluate expression '${expr.src}': no function found with name '${name}'`);
  }
  return toJson(result.value);
}

/**
 * Functions an expression calls by a name that is neither a built-in nor bound in the expression
 * itself (a context entry, a parameter, an iteration variable): Zeebe variables cannot hold functions.
 */
export function unknownFunctions(expr: Expr | undefined): string[] {
  if (!expr?.feel || !expr.src) return [];
  const tree = parseExpression(expr.src, builtinParseContext, DIALECT);
  const text = (from: number, to: number) => expr.src.slice(from, to).replace(/\s+/g, ' ').trim();
  const bound = new Set<string>();
  const called: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.name === 'Key' || node.name === 'ParameterName' || node.name === 'InExpression') {
        const name = node.node.firstChild;
        if (name) bound.add(text(name.from, name.to).replace(/^"|"$/g, ''));
      }
      if (node.name === 'FunctionInvocation') {
        const callee = node.node.firstChild;
        if (callee?.name === 'VariableName') called.push(text(callee.from, callee.to));
      }
    },
  });
  return [...new Set(called.filter((n) => !builtinNames.has(n) && !bound.has(n)))];
}

/** Evaluates a condition; anything but a boolean raises {@link ExpressionError}. */
export function evalCondition(expr: Expr, variables: Record<string, unknown>): boolean {
  const value = evalExpr(expr, variables);
  if (typeof value !== 'boolean') {
    throw new ExpressionError(`Expected result of the expression '${expr.src}' to be 'BOOLEAN', but was '${value === null ? 'NULL' : typeof value}'.`);
  }
  return value;
}

/** Evaluates to a string (numbers are stringified); else {@link ExpressionError}. */
export function evalString(expr: Expr, variables: Record<string, unknown>, what: string): string {
  const value = evalExpr(expr, variables);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new ExpressionError(`Expected ${what} '${expr.src}' to be a string, but was '${value === null ? 'NULL' : typeof value}'.`);
}

/** Evaluates to a list of strings (a comma-separated static string or a FEEL list). */
export function evalStringList(expr: Expr, variables: Record<string, unknown>): string[] {
  if (!expr.feel) return expr.src.split(',').map((s) => s.trim()).filter(Boolean);
  const value = evalExpr(expr, variables);
  if (value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new ExpressionError(`Expected '${expr.src}' to be a list of strings`);
}
