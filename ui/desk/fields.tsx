/**
 * A labelled form control of the desk with a fixed id (so that the error summary links to it),
 * its hint, an "ok" line and its error read with it by screen readers.
 */
import type { ComponentChildren } from 'preact';

export interface FieldProps {
  id: string;
  label: string;
  kind: 'text' | 'date' | 'email' | 'number' | 'select' | 'checkbox' | 'textarea' | 'tel';
  value: string | boolean;
  onValue: (v: string | boolean) => void;
  onBlur?: () => void;
  required?: boolean;
  hint?: string;
  ok?: string;
  error?: string;
  options?: Array<{ value: string; label: string }>;
  /** The placeholder option of a select. */
  choose?: string;
  maxLength?: number;
  step?: string;
  min?: number;
  max?: number;
  inputMode?: 'numeric' | 'tel' | 'email' | 'text' | 'decimal';
  autoComplete?: string;
  /** Shown after the control, in the same row (a button). */
  after?: ComponentChildren;
  wide?: boolean;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function Field(p: FieldProps) {
  const { id } = p;
  const describedBy = [p.hint ? `${id}-hint` : '', p.ok && !p.error ? `${id}-ok` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id, name: id, 'aria-invalid': p.error ? ('true' as const) : undefined, 'aria-describedby': describedBy,
    'aria-required': p.required ? ('true' as const) : undefined, onBlur: p.onBlur,
  };
  const str = typeof p.value === 'string' ? p.value : '';
  let control: ComponentChildren;
  if (p.kind === 'checkbox') {
    return (
      <div class={`field desk-check${p.error ? ' field--error' : ''}${p.wide ? ' desk-wide' : ''}`}>
        <label for={id}>
          <input type="checkbox" {...common} checked={p.value === true} onChange={(e) => p.onValue((e.target as HTMLInputElement).checked)} />
          <span>{p.label}{p.required ? <span class="required" aria-hidden="true"> *</span> : null}</span>
        </label>
        {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
        {p.error ? <p class="error" id={`${id}-error`}>{cap(p.error)}</p> : null}
      </div>
    );
  }
  if (p.kind === 'select') {
    control = (
      <select {...common} value={str} onChange={(e) => p.onValue((e.target as HTMLSelectElement).value)}>
        <option value="">{p.choose ?? '—'}</option>
        {(p.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  } else if (p.kind === 'textarea') {
    control = <textarea {...common} value={str} maxLength={p.maxLength} rows={3} onInput={(e) => p.onValue((e.target as HTMLTextAreaElement).value)} />;
  } else {
    control = (
      <input {...common} type={p.kind} value={str} maxLength={p.maxLength} step={p.step} min={p.min} max={p.max} inputMode={p.inputMode}
        autoComplete={p.autoComplete ?? 'off'} onInput={(e) => p.onValue((e.target as HTMLInputElement).value)} />
    );
  }
  return (
    <div class={`field${p.error ? ' field--error' : ''}${p.wide ? ' desk-wide' : p.after ? ' desk-span2' : ''}`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {p.after ? <div class="desk-inline">{control}{p.after}</div> : control}
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      {p.ok && !p.error ? <p class="ok" id={`${id}-ok`}>✓ {p.ok}</p> : null}
      {p.error ? <p class="error" id={`${id}-error`}>{cap(p.error)}</p> : null}
    </div>
  );
}
