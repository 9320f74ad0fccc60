/** The problems of a failed submit, at the top of the form, each linked to its field. */
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../shared/i18n.ts';

export interface Problem {
  /** The field's DOM id, when it is on the page. */
  id?: string;
  label: string;
  message: string;
}

export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  const target = el.matches('input, select, textarea, button') ? el : el.querySelector<HTMLElement>('input, select, textarea, button') ?? el;
  target.focus({ preventScroll: true });
}

export function ErrorSummary({ title, problems, focusKey }: { title?: string; problems: Problem[]; focusKey: number }) {
  const m = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusKey && problems.length) ref.current?.focus();
  }, [focusKey]);
  if (!problems.length && !title) return null;
  return (
    <div class={`alert alert--error desk-summary${problems.length > 6 ? ' desk-summary--many' : ''}`} role="alert" tabIndex={-1} ref={ref} aria-labelledby="desk-summary-title">
      <h2 id="desk-summary-title">{title ?? m.desk.summary.title(problems.length)}</h2>
      {problems.length ? (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              {p.id ? (
                <a href={`#${p.id}`} onClick={(e) => { e.preventDefault(); focusField(p.id!); }}>{p.label}</a>
              ) : <strong>{p.label}</strong>}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
