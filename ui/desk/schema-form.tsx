/**
 * The procedure's form drawn from its JSON Schema: objects as fieldsets with legends, strings as
 * inputs (date, e-mail), enums as selects labelled from their description, booleans as checkboxes,
 * numbers as number inputs and arrays as repeatable groups. Each field shows its error beside it.
 */
import type { ComponentChildren } from 'preact';
import { useT } from '../shared/i18n.ts';
import { Button } from '../shared/ui.tsx';
import { Field } from './fields.tsx';
import { addItem, enumLabels, fieldId, join, removeItem, typeOf, type FormState } from './schema-values.ts';
import type { JsonSchema } from './types.ts';

export interface SchemaFormProps {
  schema: JsonSchema;
  state: FormState;
  onState: (next: (s: FormState) => FormState) => void;
  /** The message shown beside each field, by path. */
  errorOf: (path: string) => string | undefined;
  onTouch: (path: string) => void;
  /** Something more beside a field (the VNeID check beside the CCCD). */
  extra?: (path: string) => { after?: ComponentChildren; below?: ComponentChildren; ok?: string } | undefined;
}

const DATE_HINT = /YYYY-MM-DD/;

function Node({ s, path, required, p }: { s: JsonSchema; path: string; required: boolean; p: SchemaFormProps }) {
  const m = useT();
  const t = typeOf(s);
  const id = fieldId(path);
  const error = p.errorOf(path);
  const title = s.title ?? path.split('.').pop() ?? '';
  if (t === 'object') {
    return (
      <fieldset class="desk-fieldset desk-wide" id={id} aria-describedby={error ? `${id}-error` : undefined} tabIndex={-1}>
        <legend>{title}{required ? <span class="required" aria-hidden="true"> *</span> : null}</legend>
        {s.description ? <p class="hint">{s.description}</p> : null}
        {error ? <p class="error" id={`${id}-error`}>{error}</p> : null}
        <div class="desk-grid">
          {Object.entries(s.properties ?? {}).map(([k, child]) => (
            <Node key={k} s={child} path={join(path, k)} required={(s.required ?? []).includes(k)} p={p} />
          ))}
        </div>
      </fieldset>
    );
  }
  if (t === 'array') {
    const n = p.state.counts[path] ?? 0;
    const itemTitle = s.items?.title ?? m.desk.form.item;
    const canAdd = s.maxItems === undefined || n < s.maxItems;
    const canRemove = n > (s.minItems ?? 0);
    return (
      <fieldset class="desk-fieldset desk-wide desk-array" id={id} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
        <legend>{title}{required || (s.minItems ?? 0) > 0 ? <span class="required" aria-hidden="true"> *</span> : null}</legend>
        {s.description ? <p class="hint">{s.description}</p> : null}
        {error ? <p class="error" id={`${id}-error`}>{error}</p> : null}
        {n === 0 ? <p class="muted">{m.desk.form.noItems}</p> : null}
        {Array.from({ length: n }, (_, i) => {
          const ip = join(path, i);
          const label = `${itemTitle} ${i + 1}`;
          return (
            <div class="desk-item" key={i}>
              <div class="desk-item__head">
                <strong>{label}</strong>
                {canRemove ? <Button variant="ghost" onClick={() => p.onState((st) => removeItem(st, path, i))} aria-label={m.desk.form.removeItem(label)}>✕ {m.desk.form.remove}</Button> : null}
              </div>
              {s.items && typeOf(s.items) === 'object'
                ? <div class="desk-grid">{Object.entries(s.items.properties ?? {}).map(([k, child]) => <Node key={k} s={child} path={join(ip, k)} required={(s.items!.required ?? []).includes(k)} p={p} />)}</div>
                : s.items ? <div class="desk-grid"><Node s={{ ...s.items, title: label }} path={ip} required p={p} /></div> : null}
            </div>
          );
        })}
        {canAdd ? <div><Button onClick={() => p.onState((st) => addItem(st, path, s.items))}>＋ {m.desk.form.addItem(itemTitle)}</Button></div> : null}
      </fieldset>
    );
  }
  const value = p.state.values[path] ?? (t === 'boolean' ? false : '');
  const set = (v: string | boolean) => p.onState((st) => ({ ...st, values: { ...st.values, [path]: v } }));
  const x = p.extra?.(path);
  const common = { id, label: title, value, onValue: set, onBlur: () => p.onTouch(path), // An unticked box is an answer (false): only a box that must be ticked is marked required.
    required: t === 'boolean' ? s.const !== undefined : required, error, ok: x?.ok, after: x?.after };
  if (t === 'boolean') return <Field {...common} kind="checkbox" hint={s.description} wide />;
  if (s.enum) {
    const { labels, fromDescription } = enumLabels(s);
    return <Field {...common} kind="select" choose={m.desk.form.choose} options={(s.enum ?? []).map((v) => ({ value: String(v), label: labels[String(v)]! }))} hint={fromDescription ? undefined : s.description} />;
  }
  if (t === 'integer' || t === 'number') {
    return <Field {...common} kind="number" step={t === 'integer' ? '1' : 'any'} min={s.minimum} max={s.maximum} inputMode={t === 'integer' ? 'numeric' : 'decimal'} hint={s.description} />;
  }
  const kind = s.format === 'date' ? 'date' : s.format === 'email' ? 'email' : (s.maxLength ?? 0) > 300 ? 'textarea' : path.endsWith('phone') ? 'tel' : 'text';
  const hint = kind === 'date' && s.description && DATE_HINT.test(s.description) ? undefined : s.description;
  const numeric = s.pattern?.startsWith('^[0-9]') ?? false;
  return (
    <>
      <Field {...common} kind={kind} hint={hint} maxLength={s.maxLength} inputMode={numeric ? 'numeric' : kind === 'tel' ? 'tel' : undefined} wide={kind === 'textarea'} />
      {x?.below ? <div class="desk-wide">{x.below}</div> : null}
    </>
  );
}

/** The form's top-level fields (the applicant block first, as the schema orders it). */
export function SchemaForm(p: SchemaFormProps) {
  const { schema } = p;
  return (
    <div class="desk-grid desk-form">
      {Object.entries(schema.properties ?? {}).map(([k, child]) => (
        <Node key={k} s={child} path={k} required={(schema.required ?? []).includes(k)} p={p} />
      ))}
    </div>
  );
}
