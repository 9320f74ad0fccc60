/**
 * The reception form's values: a flat map from a field's path (`applicant.address.province`,
 * `documents.0.pages`; the API's `formData.` paths without the prefix) to what was typed, and the
 * number of items of each array. Flat so that it is stored as is in the draft and errors find their
 * field by path. `buildFormData` turns it into the procedure's form for the API.
 */
import type { JsonSchema } from './types.ts';

export interface FormState {
  values: Record<string, string | boolean>;
  counts: Record<string, number>;
}

export const emptyState = (): FormState => ({ values: {}, counts: {} });

export const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** The schema's main type (`["string","null"]` → string). */
export function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') ?? 'string';
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.enum) return 'string';
  return 'string';
}

/** The item counts of the arrays that need items from the start (`minItems`). */
export function initialCounts(schema: JsonSchema, path = '', out: Record<string, number> = {}): Record<string, number> {
  const t = typeOf(schema);
  if (t === 'object') for (const [k, s] of Object.entries(schema.properties ?? {})) initialCounts(s, join(path, k), out);
  if (t === 'array') {
    const n = Math.max(schema.minItems ?? 0, out[path] ?? 0);
    out[path] = n;
    for (let i = 0; i < n; i++) if (schema.items) initialCounts(schema.items, join(path, i), out);
  }
  return out;
}

/** A new item at the end of the array at `path`. */
export function addItem(state: FormState, path: string, items: JsonSchema | undefined): FormState {
  const n = state.counts[path] ?? 0;
  const counts = { ...state.counts, [path]: n + 1 };
  if (items) Object.assign(counts, initialCounts(items, join(path, n), {}));
  return { values: state.values, counts };
}

/** Removes item `index` of the array at `path`, moving the following items up. */
export function removeItem(state: FormState, path: string, index: number): FormState {
  const n = state.counts[path] ?? 0;
  const prefix = `${path}.`;
  const shift = <T>(map: Record<string, T>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(map)) {
      if (!k.startsWith(prefix)) { out[k] = v; continue; }
      const rest = k.slice(prefix.length);
      const dot = rest.indexOf('.');
      const i = Number(dot < 0 ? rest : rest.slice(0, dot));
      if (!Number.isInteger(i)) { out[k] = v; continue; }
      if (i === index) continue;
      out[i > index ? `${prefix}${i - 1}${dot < 0 ? '' : rest.slice(dot)}` : k] = v;
    }
    return out;
  };
  const counts = shift(state.counts);
  counts[path] = Math.max(0, n - 1);
  return { values: shift(state.values), counts };
}

function buildNode(s: JsonSchema, path: string, state: FormState, required: boolean): unknown {
  const t = typeOf(s);
  if (t === 'object') {
    const obj: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(s.properties ?? {})) {
      const v = buildNode(child, join(path, k), state, (s.required ?? []).includes(k));
      if (v !== undefined) obj[k] = v;
    }
    return Object.keys(obj).length || required ? obj : undefined;
  }
  if (t === 'array') {
    const n = state.counts[path] ?? 0;
    const items: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const v = s.items ? buildNode(s.items, join(path, i), state, typeOf(s.items) === 'object') : undefined;
      if (v !== undefined) items.push(v);
    }
    return items.length || required ? items : undefined;
  }
  const raw = state.values[path];
  if (t === 'boolean') return raw === true ? true : required || s.const !== undefined ? false : undefined;
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  if (t === 'integer' || t === 'number') {
    const n = Number(raw.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : raw.trim();
  }
  return raw.trim();
}

/** The procedure's form (`formData`) from the values: empty fields left out, numbers as numbers. */
export function buildFormData(schema: JsonSchema, state: FormState): Record<string, unknown> {
  return (buildNode(schema, '', state, true) ?? {}) as Record<string, unknown>;
}

/** The schema of the field at `path` (array indexes step into `items`). */
export function schemaAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  let s: JsonSchema | undefined = schema;
  for (const part of path ? path.split('.') : []) {
    if (!s) return undefined;
    s = /^\d+$/.test(part) && s.items ? s.items : s.properties?.[part];
  }
  return s;
}

/** A readable name of the field at `path`: its title, after its parents' ("Người mẹ › Họ và tên"). */
export function labelAt(schema: JsonSchema, path: string): string {
  const parts = path.split('.');
  const names: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const p = parts.slice(0, i).join('.');
    const s = schemaAt(schema, p);
    if (/^\d+$/.test(parts[i - 1]!)) names.push(`${names.pop() ?? ''} ${Number(parts[i - 1]) + 1}`.trim());
    else names.push(s?.title ?? parts[i - 1]!);
  }
  return names.join(' › ');
}

/**
 * The labels of an enum's values from its description ("nam: Nam; nu: Nữ." → nam → Nam), the value
 * itself when the description does not name it.
 */
export function enumLabels(s: JsonSchema): { labels: Record<string, string>; fromDescription: boolean } {
  const labels: Record<string, string> = {};
  const values = (s.enum ?? []).map(String);
  for (const part of (s.description ?? '').split(';')) {
    const m = /^\s*([^:]+?)\s*:\s*(.+?)\s*\.?\s*$/.exec(part);
    if (m && values.includes(m[1]!)) labels[m[1]!] = m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1);
  }
  const fromDescription = values.length > 0 && values.every((v) => labels[v]);
  for (const v of values) labels[v] ??= v;
  return { labels, fromDescription };
}

/** The DOM id of the field at `path`. */
export const fieldId = (path: string) => `f-${path.replace(/\./g, '-') || 'form'}`;
