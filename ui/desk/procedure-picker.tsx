/**
 * Finding the procedure: a search box (name in Vietnamese with or without accents, English name,
 * national code) over the catalogue, with the matches as a list box. Enter picks the highlighted
 * match (the first by default); the arrow keys move through the matches.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLang, useT } from '../shared/i18n.ts';
import { searchProcedures } from './fold.ts';
import { limitText } from './procedure-info.tsx';
import type { Procedure } from './types.ts';

export function ProcedurePicker({ procedures, onPick, autoFocus }: { procedures: Procedure[]; onPick: (p: Procedure) => void; autoFocus?: boolean }) {
  const m = useT();
  const lang = useLang();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => searchProcedures(procedures.filter((p) => p.active !== false), query), [procedures, query]);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  useEffect(() => {
    document.getElementById(`proc-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((i) => Math.min(matches.length - 1, i + 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(0, i - 1)); }
    else if (e.key === 'Home' && e.ctrlKey) { e.preventDefault(); setActive(0); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      const p = matches[active];
      if (p) onPick(p);
    } else if (e.key === 'Escape') { setQuery(''); setActive(0); }
  };

  return (
    <div class="desk-picker">
      <div class="field">
        <label for="proc-search">{m.desk.picker.label}</label>
        <input id="proc-search" ref={input} type="search" role="combobox" aria-expanded="true" aria-controls="proc-list" aria-autocomplete="list"
          aria-activedescendant={matches.length ? `proc-opt-${active}` : undefined} aria-describedby="proc-search-hint"
          autoComplete="off" spellcheck={false} value={query} placeholder={m.desk.picker.placeholder}
          onInput={(e) => { setQuery((e.target as HTMLInputElement).value); setActive(0); }} onKeyDown={onKey} />
        <p class="hint" id="proc-search-hint">{m.desk.picker.hint}</p>
      </div>
      <p class="muted desk-picker__count" aria-live="polite">{query ? m.desk.picker.found(matches.length) : m.desk.picker.all(matches.length)}</p>
      <ul id="proc-list" role="listbox" aria-label={m.desk.picker.results} class="desk-results">
        {matches.map((p, i) => (
          <li key={p.id} id={`proc-opt-${i}`} role="option" aria-selected={i === active ? 'true' : 'false'} class={`desk-result${i === active ? ' desk-result--active' : ''}`}
            onMouseEnter={() => setActive(i)} onClick={() => onPick(p)}>
            <span class="desk-result__name">{lang === 'vi' ? p.nameVi : p.nameEn}</span>
            <span class="desk-result__meta">
              {p.nationalCode ? <span class="desk-code">{p.nationalCode}</span> : null}
              <span>{p.field}</span>
              <span>{limitText(p.legalLimit, m)}</span>
            </span>
          </li>
        ))}
      </ul>
      {matches.length === 0 ? <p class="desk-empty">{m.desk.picker.none}</p> : null}
    </div>
  );
}
