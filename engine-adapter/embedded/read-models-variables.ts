/**
 * Variables with their int64 keys (variable-keys.ts), as Camunda's `/v2` reads them: an instance's
 * variables on every scope or one, one variable by key, and a user task's variables (its scope and every
 * scope enclosing it).
 */
import type { VariableQuery, VariableView } from '../engine-reads.ts';
import { NotFoundError } from '../errors.ts';
import type { EngineCore } from './core.ts';
import type { InstanceDoc } from './state.ts';
import { instanceOfVariable } from './variable-key-index.ts';

const docOf = (raw: unknown): InstanceDoc => (typeof raw === 'string' ? JSON.parse(raw) : raw) as InstanceDoc;

/** The keyed variables of a document on the given scopes (all when omitted), by key. */
function variablesOf(processInstanceKey: string, doc: InstanceDoc, scopes?: readonly string[]): VariableView[] {
  const out: VariableView[] = [];
  for (const [variableKey, [scopeKey, name]] of Object.entries(doc.varKeys ?? {})) {
    if (scopes && !scopes.includes(scopeKey)) continue;
    const vars = doc.vars[scopeKey];
    if (!vars || !Object.hasOwn(vars, name)) continue;
    out.push({ variableKey, name, value: vars[name], scopeKey, processInstanceKey });
  }
  return out.sort((a, b) => (BigInt(a.variableKey) < BigInt(b.variableKey) ? -1 : 1));
}

async function loadDoc(core: EngineCore, processInstanceKey: string): Promise<InstanceDoc | undefined> {
  const row = await core.db.selectFrom('engine_process_instance').select('doc').where('key', '=', processInstanceKey).executeTakeFirst();
  return row ? docOf(row.doc) : undefined;
}

/** An instance's variables, on every scope or on one. */
export async function listVariables(core: EngineCore, filter: VariableQuery): Promise<VariableView[]> {
  const doc = await loadDoc(core, filter.processInstanceKey);
  return doc ? variablesOf(filter.processInstanceKey, doc, filter.scopeKey === undefined ? undefined : [filter.scopeKey]) : [];
}

/** One variable by key: its instance by the variable-key index (variable-key-index.ts), then that instance's document. */
export async function getVariable(core: EngineCore, variableKey: string): Promise<VariableView | undefined> {
  const processInstanceKey = await instanceOfVariable(core.db, variableKey);
  const doc = processInstanceKey ? await loadDoc(core, processInstanceKey) : undefined;
  if (!doc) return undefined;
  return variablesOf(processInstanceKey!, doc).find((v) => v.variableKey === variableKey);
}

/** The variables of a user task's scope and of every scope enclosing it (its instance's root when the task is done). */
export async function listUserTaskVariables(core: EngineCore, userTaskKey: string): Promise<VariableView[]> {
  const task = await core.db.selectFrom('engine_user_task').select(['process_instance_key', 'element_instance_key']).where('key', '=', userTaskKey).executeTakeFirst();
  if (!task) throw new NotFoundError('User task', userTaskKey, { key: userTaskKey });
  const processInstanceKey = String(task.process_instance_key);
  const doc = await loadDoc(core, processInstanceKey);
  if (!doc) return [];
  const scopes: string[] = [];
  for (let k: string | null = String(task.element_instance_key); k !== null && doc.elements[k]; k = doc.elements[k]!.parentKey) scopes.push(k);
  if (!scopes.includes(processInstanceKey)) scopes.push(processInstanceKey);
  return variablesOf(processInstanceKey, doc, scopes);
}
