/** Shared pieces of the built-in functions: parameter names, type guards, failure signalling. */

/** A FEEL function body with its parameter names (feelin reads `$args` for named and positional calls). */
export type Builtin = ((...args: any[]) => unknown) & { $args: string[] };

/** Declares a built-in: feelin binds arguments to `params` (a trailing `...name` takes the rest). */
export function builtin(params: string[], body: (...args: any[]) => unknown): Builtin {
  const f = ((...args: unknown[]) => {
    const all = Array.from({ length: Math.max(args.length, params.length) }, (_, i) => args[i] ?? null);
    const value = body(...all);
    return value === undefined ? null : value;
  }) as Builtin;
  f.$args = params;
  return f;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isList = (v: unknown): v is unknown[] => Array.isArray(v);
export const isContext = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** Raised inside a built-in to fail the whole evaluation (FEEL `assert`): becomes an incident. */
export class FeelFailure extends Error {}

/** A regular expression as FEEL patterns use them (Java/XPath syntax is close to JS with the `u` flag). */
export function regex(pattern: string, flags = ''): RegExp | null {
  try {
    return new RegExp(pattern, `u${flags}`);
  } catch {
    return null;
  }
}
