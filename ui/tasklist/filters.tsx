/**
 * The list's scope (mine, my groups', my agency's) and filters: dossier code or applicant name,
 * step, procedure, overdue, due soon, and the order. Every change goes to the URL (page 1).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { debounce } from './live.ts';
import { STEPS, type ListQuery, type Sort, type View } from './model.ts';

interface Procedure {
  id: string;
  nameVi: string;
  nameEn: string;
}

let procedures: Promise<Procedure[]> | null = null;
function loadProcedures(): Promise<Procedure[]> {
  procedures ??= api.get<Procedure[]>('/api/procedures').catch((err: unknown) => {
    procedures = null;
    throw err;
  });
  return procedures;
}

export interface FiltersProps {
  query: ListQuery;
  views: View[];
  defaultView: View;
  onChange(q: ListQuery): void;
}

export function ViewTabs({ query, views, defaultView, onChange }: FiltersProps) {
  const m = useT();
  const view = query.view ?? defaultView;
  return (
    <div class="tviews" role="group" aria-label={m.tasks.viewsLabel}>
      {views.map((v) => (
        <button key={v} type="button" class="tviews__btn" aria-pressed={v === view ? 'true' : 'false'}
          onClick={() => onChange({ ...query, view: v === defaultView ? undefined : v, page: 1 })}>
          {m.tasks.views[v]}
        </button>
      ))}
    </div>
  );
}

export function Filters({ query, compact, onChange }: FiltersProps & { compact: boolean }) {
  const m = useT();
  const lang = useLang();
  const [more, setMore] = useState(false);
  const [q, setQ] = useState(query.q ?? '');
  const [procs, setProcs] = useState<Procedure[]>([]);
  useEffect(() => void loadProcedures().then(setProcs, () => undefined), []);
  // A saved filter or the browser's history may change the search: follow it.
  useEffect(() => setQ((cur) => (cur.trim() === (query.q ?? '') ? cur : query.q ?? '')), [query.q]);
  const latest = useRef({ query, onChange });
  latest.current = { query, onChange };
  const send = useMemo(() => {
    let pending = '';
    const run = debounce(() => latest.current.onChange({ ...latest.current.query, q: pending.trim() || undefined, page: 1 }), 350);
    return Object.assign((v: string) => {
      pending = v;
      run();
    }, { cancel: run.cancel });
  }, []);
  useEffect(() => () => send.cancel(), []);
  const set = (patch: Partial<ListQuery>) => onChange({ ...query, ...patch, page: 1 });
  const any = !!(query.q || query.step || query.procedureId || query.overdue || query.dueSoon || query.sort);

  const chosen = [query.step, query.procedureId, query.sort].filter(Boolean).length;
  const showSelects = !compact || more || chosen > 0;

  return (
    <div class={`tfilters${compact ? ' tfilters--compact' : ''}`}>
      <div class="tfilters__main">
        <label class="tfilters__field tfilters__field--search">
          <span>{m.tasks.searchLabel}</span>
          <input type="search" value={q} placeholder={m.tasks.search} autoComplete="off"
            onInput={(e) => { const v = (e.target as HTMLInputElement).value; setQ(v); send(v); }}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); send.cancel(); set({ q: q.trim() || undefined }); } }} />
        </label>
        {showSelects ? (
          <>
            <label class="tfilters__field">
              <span>{m.tasks.step}</span>
              <select value={query.step ?? ''} onChange={(e) => set({ step: (e.target as HTMLSelectElement).value || undefined })}>
                <option value="">{m.tasks.anyStep}</option>
                {STEPS.map((s) => <option key={s} value={s}>{m.tasks.steps[s] ?? s}</option>)}
              </select>
            </label>
            <label class="tfilters__field tfilters__field--wide">
              <span>{m.tasks.procedure}</span>
              <select value={query.procedureId ?? ''} onChange={(e) => set({ procedureId: (e.target as HTMLSelectElement).value || undefined })}>
                <option value="">{m.tasks.anyProcedure}</option>
                {query.procedureId && !procs.some((p) => p.id === query.procedureId) ? <option value={query.procedureId}>{query.procedureId}</option> : null}
                {procs.map((p) => <option key={p.id} value={p.id}>{lang === 'vi' ? p.nameVi : p.nameEn}</option>)}
              </select>
            </label>
            <label class="tfilters__field">
              <span>{m.tasks.sort}</span>
              <select value={query.sort ?? 'due'} onChange={(e) => { const v = (e.target as HTMLSelectElement).value as Sort; set({ sort: v === 'due' ? undefined : v }); }}>
                {(['due', '-due', 'created'] as const).map((s) => <option key={s} value={s}>{m.tasks.sorts[s]}</option>)}
              </select>
            </label>
          </>
        ) : null}
      </div>
      <div class="tfilters__row tfilters__row--checks">
        <label class="tcheck tcheck--overdue">
          <input type="checkbox" checked={!!query.overdue} onChange={(e) => set({ overdue: (e.target as HTMLInputElement).checked || undefined })} />
          <span>{m.tasks.overdue}</span>
        </label>
        <label class="tcheck tcheck--soon">
          <input type="checkbox" checked={!!query.dueSoon} onChange={(e) => set({ dueSoon: (e.target as HTMLInputElement).checked || undefined })} />
          <span>{m.tasks.dueSoon}</span>
        </label>
        {compact && !chosen ? (
          <button type="button" class="btn btn--ghost tfilters__more" aria-expanded={more ? 'true' : 'false'} onClick={() => setMore(!more)}>
            {m.tasks.moreFilters} <span aria-hidden="true">{more ? '▴' : '▾'}</span>
          </button>
        ) : null}
        {any ? <button type="button" class="btn btn--ghost tfilters__clear" onClick={() => onChange({ view: query.view, page: 1 })}>{m.tasks.clear}</button> : null}
      </div>
    </div>
  );
}
