/**
 * The building blocks every page uses: labelled fields whose errors are tied to them
 * (aria-describedby), buttons, badges for a dossier's status and its deadline state (colour, icon
 * and words, never colour alone), messages, a modal dialog and paging.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { useT } from './i18n.ts';
import { dateTime, relative } from './format.ts';

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput' | 'value' | 'type'>;

export interface FieldProps extends InputProps {
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  type?: string;
  name?: string;
}

/**
 * A field's frame: its label, then the control (given the ids it must carry), its hint and its error,
 * tied to the control with aria-describedby so that screen readers read them with it.
 */
function Field({ label, error, hint, required, children }: { label: string; error?: string; hint?: string; required?: boolean; children: (a: { id: string; describedBy?: string; invalid?: 'true' }) => ComponentChildren }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {children({ id, describedBy, invalid: error ? 'true' : undefined })}
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

/** A labelled text input; its hint and error are read with it by screen readers. */
export function TextField({ label, value, onValue, error, hint, required, ...rest }: FieldProps) {
  return (
    <Field label={label} error={error} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <input id={id} value={value} required={required} aria-invalid={invalid} aria-describedby={describedBy}
          onInput={(e) => onValue((e.target as HTMLInputElement).value)} {...(rest as object)} />
      )}
    </Field>
  );
}

/** A labelled multi-line field; its hint and error are read with it. */
export function TextArea({ label, value, onValue, error, hint, required, rows = 3 }: { label: string; value: string; onValue: (v: string) => void; error?: string; hint?: string; required?: boolean; rows?: number }) {
  return (
    <Field label={label} error={error} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} rows={rows} value={value} required={required} aria-invalid={invalid} aria-describedby={describedBy}
          onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
      )}
    </Field>
  );
}

export interface SelectProps {
  label: string;
  value: string;
  onValue: (v: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string;
  required?: boolean;
  name?: string;
}

export function SelectField({ label, value, onValue, options, error, required, name }: SelectProps) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      <select id={id} name={name} value={value} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onValue((e.target as HTMLSelectElement).value)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {error ? <p class="error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function Button(props: Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { variant?: 'primary' | 'secondary' | 'danger' | 'ghost'; busy?: boolean; type?: 'button' | 'submit' }) {
  const { variant = 'secondary', busy, children, type = 'button', disabled, ...rest } = props;
  return (
    <button type={type} class={`btn btn--${variant}`} disabled={disabled || busy} aria-busy={busy ? 'true' : undefined} {...(rest as object)}>
      {children}
    </button>
  );
}

const SLA_ICON: Record<string, string> = { in_time: '●', due_soon: '▲', overdue: '■', paused: '❚❚', early: '✓', on_time: '✓', late: '!' };

/** A deadline state in its colour (green in time, amber due soon, red overdue), with its words and due time. */
export function SlaBadge({ sla, dueAt, showDue = true }: { sla: string | null | undefined; dueAt?: string | null; showDue?: boolean }) {
  const m = useT();
  if (!sla && !dueAt) return <span class="muted">{m.app.none}</span>;
  const label = sla ? m.sla[sla] ?? sla : '';
  return (
    <span class={`sla sla--${sla ?? 'none'}`}>
      {sla ? <span class="sla__state"><span aria-hidden="true">{SLA_ICON[sla] ?? '●'}</span> {label}</span> : null}
      {showDue && dueAt ? <span class="sla__due"><time dateTime={dueAt}>{dateTime(dueAt)}</time>{sla === 'in_time' || sla === 'due_soon' || sla === 'overdue' ? ` · ${relative(dueAt)}` : ''}</span> : null}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const m = useT();
  return <span class={`status status--${status}`}>{m.status[status] ?? status}</span>;
}

/** An error message for the whole form or page (announced). */
export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return <div class={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}

export function Loading() {
  const m = useT();
  return <p class="loading" role="status">{m.app.loading}</p>;
}

/** A modal dialog (the browser's <dialog>: focus kept inside, Escape closes). */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={id} onClose={onClose} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {open ? (
        <>
          <h2 id={id}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/** `exact` false: the server stopped counting at `total` (a list's window), shown "1.000+". */
export function Pager({ page, pageSize, total, exact = true, onPage }: { page: number; pageSize: number; total: number; exact?: boolean; onPage: (p: number) => void }) {
  const m = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav class="pager" aria-label={m.app.page(page, pages)}>
      <Button variant="ghost" disabled={page <= 1} onClick={() => onPage(page - 1)}>‹ {m.app.previous}</Button>
      <span aria-live="polite">{m.app.page(page, pages)} · {m.app.total(total, exact)}</span>
      <Button variant="ghost" disabled={page >= pages} onClick={() => onPage(page + 1)}>{m.app.next} ›</Button>
    </nav>
  );
}
