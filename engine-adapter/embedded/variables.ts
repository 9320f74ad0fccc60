/** Variable scopes as Zeebe has them: one per element instance, looked up and propagated outwards. */
import { InvalidVariablesError } from '../errors.ts';
import type { Variables } from '../workflow-engine.ts';
import type { InstanceDoc } from './state.ts';

/** Throws {@link InvalidVariablesError} unless `value` is a plain JSON object. */
export function assertVariables(value: unknown, context: { processInstanceKey?: string } = {}): Variables {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidVariablesError(`got ${Array.isArray(value) ? 'an array' : typeof value}`, context);
  try {
    return JSON.parse(JSON.stringify(value)) as Variables;
  } catch (err) {
    throw new InvalidVariablesError(err instanceof Error ? err.message : String(err), context);
  }
}

function chain(doc: InstanceDoc, scopeKey: string): string[] {
  const keys: string[] = [];
  for (let k: string | null = scopeKey; k !== null; k = doc.elements[k]?.parentKey ?? null) keys.push(k);
  return keys;
}

/** All variables visible from a scope: inner scopes shadow outer ones. */
export function visibleVariables(doc: InstanceDoc, scopeKey: string): Variables {
  const out: Variables = {};
  for (const key of chain(doc, scopeKey).reverse()) Object.assign(out, doc.vars[key]);
  return out;
}

/** Sets variables on one scope only. */
export function setLocal(doc: InstanceDoc, scopeKey: string, variables: Variables): void {
  if (Object.keys(variables).length === 0) return;
  doc.vars[scopeKey] = { ...doc.vars[scopeKey], ...variables };
}

/** Sets each variable on the nearest scope (from `scopeKey` outwards) that has it, else on the root. */
export function setPropagating(doc: InstanceDoc, scopeKey: string, variables: Variables): void {
  const scopes = chain(doc, scopeKey);
  const root = scopes[scopes.length - 1]!;
  for (const [name, value] of Object.entries(variables)) {
    const target = scopes.find((k) => doc.vars[k] && Object.hasOwn(doc.vars[k]!, name)) ?? root;
    (doc.vars[target] ??= {})[name] = value;
  }
}
