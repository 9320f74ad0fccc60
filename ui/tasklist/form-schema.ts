/**
 * A step's JSON Schema (schemas/tasks/<step>.schema.json) as a Camunda form (form-js schema): an
 * enum becomes radio buttons (a select when long) labelled in the user's language, offering only
 * the outcomes the procedure allows; a string a text field or a text area; nested objects are
 * flattened by key path (`appraisal.outcome`). A field that the schema's if/then requires for some
 * outcomes says so in its description; the API's check stays the authority. Pure.
 */
import type { JsonSchema } from './model.ts';

export interface FormComponent {
  id: string;
  type: 'radio' | 'select' | 'textfield' | 'textarea';
  key: string;
  label: string;
  description?: string;
  values?: Array<{ label: string; value: string }>;
  validate?: { required?: boolean; maxLength?: number };
}

export interface FormSchema {
  id: string;
  type: 'default';
  components: FormComponent[];
}

export interface Labels {
  /** A field's label by its property name; the schema's title when there is no better one. */
  field(name: string, title: string | undefined): string;
  /** An enum value's label (`appraisal`, `ok`); `fallback` is what the schema's description says. */
  option(step: string, value: string, fallback: string | undefined): string;
  requiredWhen(list: string): string;
}

/** The form field id of a key path (`appraisal.note` → `Field_appraisal_note`). */
export function fieldId(path: string): string {
  return `Field_${path.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** "ok: đủ điều kiện, trình duyệt; refuse: không đủ…" → { ok: 'Đủ điều kiện, trình duyệt', … }. */
export function enumDescriptions(description: string | undefined, values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!description) return out;
  for (const part of description.split(/;\s*/)) {
    const m = /^\s*([\w-]+)\s*:\s*(.+?)\.?\s*$/.exec(part);
    if (m && values.includes(m[1]!)) out[m[1]!] = m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1);
  }
  return out;
}

/** Which properties of an object schema its if/then requires, and for which values of which property. */
function conditionalRequirements(schema: JsonSchema): Map<string, { on: string; values: string[] }> {
  const out = new Map<string, { on: string; values: string[] }>();
  const cond = schema.if?.properties;
  if (!cond || !schema.then?.required) return out;
  const [on, spec] = Object.entries(cond)[0] ?? [];
  if (!on || !spec?.enum) return out;
  for (const name of schema.then.required) out.set(name, { on, values: spec.enum });
  return out;
}

/**
 * Converts a step's schema. `allowed` narrows the outcome (the step variable's `outcome`) to what
 * the procedure allows; date-times are left out (the server stamps the completion).
 */
export function toFormSchema(schema: JsonSchema, step: string, allowed: string[] | null, labels: Labels): FormSchema {
  const components: FormComponent[] = [];
  const optionsOf = (name: string, spec: JsonSchema) => {
    const described = enumDescriptions(spec.description, spec.enum!);
    const offered = name === 'outcome' && allowed ? spec.enum!.filter((v) => allowed.includes(v)) : spec.enum!;
    return offered.map((value) => ({ value, label: labels.option(step, value, described[value]) }));
  };
  const walk = (obj: JsonSchema, prefix: string) => {
    const required = new Set(obj.required ?? []);
    const conditional = conditionalRequirements(obj);
    for (const [name, spec] of Object.entries(obj.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (spec.type === 'object' || spec.properties) {
        walk(spec, path);
        continue;
      }
      if (spec.type !== 'string' || spec.format === 'date-time' || spec.format === 'date') continue;
      const base = { id: fieldId(path), key: path, label: labels.field(name, spec.title) };
      const validate = { ...(required.has(name) ? { required: true } : {}), ...(spec.maxLength ? { maxLength: spec.maxLength } : {}) };
      const c: FormComponent = spec.enum
        ? (() => {
          const values = optionsOf(name, spec);
          return { ...base, type: values.length > 6 ? 'select' : 'radio', values };
        })()
        : { ...base, type: name === 'note' || (spec.maxLength ?? 0) > 200 ? 'textarea' : 'textfield' };
      if (Object.keys(validate).length) c.validate = validate;
      const when = conditional.get(name);
      if (when && !required.has(name)) {
        const trigger = components.find((x) => x.key === (prefix ? `${prefix}.${when.on}` : when.on));
        const offered = (trigger?.values ?? []).filter((v) => when.values.includes(v.value)).map((v) => v.label);
        if (offered.length) c.description = labels.requiredWhen(offered.join(', '));
      }
      components.push(c);
    }
  };
  walk(schema, '');
  return { id: `Form_${step}`, type: 'default', components };
}

/** The form's data as the task's variables: empty answers left out. */
export function toVariables(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(toVariables);
  if (data && typeof data === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) {
      const value = toVariables(v);
      if (value === undefined || value === null || value === '' || (typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length)) continue;
      out[k] = value;
    }
    return out;
  }
  return typeof data === 'string' ? data.trim() : data;
}

/**
 * Sorts the API's field errors into those of the form's fields (by field id) and the rest:
 * `variables.appraisal.note` belongs to the field of key `appraisal.note`.
 */
export function errorsByField(details: Array<{ field: string; message: string }>, form: FormSchema): { fields: Record<string, string[]>; other: string[] } {
  const fields: Record<string, string[]> = {};
  const other: string[] = [];
  for (const d of details) {
    const path = d.field.replace(/^(body\.)?variables\./, '');
    const c = form.components.find((x) => x.key === path);
    if (c) (fields[c.id] ??= []).push(d.message.charAt(0).toUpperCase() + d.message.slice(1));
    else other.push(`${d.field}: ${d.message}`);
  }
  return { fields, other };
}
