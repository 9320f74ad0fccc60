/**
 * Camunda gives every variable an int64 key. The embedded engine keeps variables in the instance
 * document by scope; each variable's key is taken from the engine's key sequence the first time the
 * step that created it is written, and kept in the document (`varKeys`, key → `[scopeKey, name]`) for
 * as long as the variable exists on that scope: updates keep it, a variable removed with its scope
 * loses it.
 */
import type { InstanceDoc } from './state.ts';

/** Gives a key to every variable of the document that has none, and drops the keys of variables gone. */
export function assignVariableKeys(doc: InstanceDoc, nextKey: () => string): void {
  const keys = (doc.varKeys ??= {});
  const held = new Set<string>();
  for (const [key, [scope, name]] of Object.entries(keys)) {
    if (doc.vars[scope] && Object.hasOwn(doc.vars[scope]!, name)) held.add(`${scope}\u0000${name}`);
    else delete keys[key];
  }
  for (const [scope, variables] of Object.entries(doc.vars)) {
    for (const name of Object.keys(variables)) {
      if (!held.has(`${scope}\u0000${name}`)) keys[nextKey()] = [scope, name];
    }
  }
}

/** The key of each variable of the document, by scope and name. */
export function variableKeysByScope(doc: InstanceDoc): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, [scope, name]] of Object.entries(doc.varKeys ?? {})) {
    if (!out.has(scope)) out.set(scope, new Map());
    out.get(scope)!.set(name, key);
  }
  return out;
}
