/**
 * The heatmap of `/giam-sat`, as Camunda Operate draws it: a procedure's process diagram (bpmn-js,
 * the dossier page's loader, imported on demand) with a badge on each step, the dossiers waiting
 * there and, in red, how many are overdue; a legend; the steps as a table (the text alternative,
 * each step a button); choosing a step (its badge, its shape or its row) lists its dossiers.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Loading, SelectField, SlaBadge } from '../shared/ui.tsx';
import { parseSteps } from '../dossier/steps.ts';
import type { DiagramHandle } from '../dossier/viewer.ts';
import type { Heatmap as HeatmapData, HeatmapItem } from './data.ts';

interface ProcedureOption { id: string; nameVi: string; nameEn: string }

export function Heatmap({ agency, tick, preferred }: { agency: string | undefined; tick: string | undefined; preferred: string | undefined }) {
  const m = useT();
  const s = m.supervision;
  const lang = useLang();
  const [procedures, setProcedures] = useState<ProcedureOption[] | null>(null);
  const [procedureId, setProcedureId] = useState('');
  const [version, setVersion] = useState('');
  const [data, setData] = useState<HeatmapData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [items, setItems] = useState<Page<HeatmapItem> | null>(null);
  const [drawn, setDrawn] = useState<'loading' | 'drawn' | 'failed'>('loading');
  const box = useRef<HTMLDivElement>(null);
  const handle = useRef<DiagramHandle | null>(null);
  const badges = useRef(new Map<string, HTMLButtonElement>());
  const selectRef = useRef<(id: string) => void>(() => undefined);

  useEffect(() => {
    api.get<ProcedureOption[]>('/api/procedures').then(setProcedures, () => setProcedures([]));
  }, []);
  useEffect(() => {
    if (!procedureId && procedures?.length) setProcedureId(procedures.find((p) => p.id === preferred)?.id ?? procedures[0]!.id);
  }, [procedures, preferred]);

  const scope = agency ? { agency } : {};
  useEffect(() => {
    if (!procedureId) return;
    let cancelled = false;
    api.get<HeatmapData>('/api/supervision/heatmap', { ...scope, procedureId, ...(version ? { version } : {}) }).then((d) => {
      if (cancelled) return;
      setData(d);
      setError(null);
    }, (err) => {
      if (cancelled) return;
      setData(null);
      setError(err instanceof ApiError && err.status === 404 ? s.heatNoProcess : err instanceof ApiError ? err.message : m.errors.generic);
    });
    return () => {
      cancelled = true;
    };
  }, [procedureId, version, agency, tick]);

  const loadItems = (elementId: string) => {
    api.get<Page<HeatmapItem>>('/api/supervision/heatmap/items', { ...scope, procedureId, elementId, pageSize: 200 }).then(setItems, () => setItems(null));
  };
  useEffect(() => {
    if (selected) loadItems(selected);
  }, [selected, tick]);
  selectRef.current = (id: string) => {
    setItems(null);
    setSelected(id);
  };

  const xml = data?.xml ?? null;
  const steps = useMemo(() => new Map((xml ? parseSteps(xml) : []).map((st) => [st.id, st.name])), [xml]);
  const nameOf = (id: string) => steps.get(id) || data?.elements.find((e) => e.elementId === id)?.name || id;
  const procedureName = (p: ProcedureOption) => (lang === 'vi' ? p.nameVi : p.nameEn || p.nameVi);
  const current = procedures?.find((p) => p.id === procedureId);

  // Draw the diagram when its XML changes.
  useEffect(() => {
    if (!xml || !box.current) return;
    let cancelled = false;
    setDrawn('loading');
    badges.current = new Map();
    const marks = { active: [], completed: [], incidents: [] };
    import('../dossier/viewer.ts')
      .then(({ drawDiagram }) => drawDiagram(box.current!, xml, marks, s.heatLabel(current ? procedureName(current) : procedureId), 'sv-heat-steps'))
      .then((h) => {
        if (cancelled) return h.destroy();
        handle.current = h;
        h.onClick((id) => {
          if (badges.current.has(id)) selectRef.current(id);
        });
        setDrawn('drawn');
      }, () => {
        if (!cancelled) setDrawn('failed');
      });
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
    };
  }, [xml]);

  // Badges follow the counts (kept across reloads, updated in place).
  useEffect(() => {
    const h = handle.current;
    if (drawn !== 'drawn' || !h || !data) return;
    const counts = new Map(data.elements.map((e) => [e.elementId, e]));
    for (const [id, el] of badges.current) if (!counts.has(id)) el.hidden = true;
    for (const e of data.elements) {
      let el = badges.current.get(e.elementId);
      if (!el) {
        el = document.createElement('button');
        el.type = 'button';
        el.className = 'sv-heat__badge';
        el.dataset.testid = `heat-badge-${e.elementId}`;
        el.addEventListener('click', (ev) => {
          ev.stopPropagation();
          selectRef.current(e.elementId);
        });
        if (!h.badge(e.elementId, el)) continue;
        badges.current.set(e.elementId, el);
      }
      el.hidden = false;
      // Its name is its text: the numbers shown, with words for screen readers around them.
      const span = (className: string, text: string) => Object.assign(document.createElement('span'), { className, textContent: text });
      el.replaceChildren(span('sv-heat__sr', `${nameOf(e.elementId)}: `), span('sv-heat__n', String(e.waiting)), span('sv-heat__sr', s.heatBadgeWaiting));
      if (e.overdue) el.append(span('sv-heat__sr', ', '), span('sv-heat__late', String(e.overdue)), span('sv-heat__sr', s.heatBadgeOverdue));
    }
  }, [data, drawn, lang]);

  const rows = data ? [...data.elements].sort((a, b) => b.overdue - a.overdue || b.waiting - a.waiting) : [];
  return (
    <section class="sv-heat card" aria-labelledby="so-do-nhiet">
      <h2 id="so-do-nhiet">{s.heatTitle}</h2>
      <p class="muted">{s.heatIntro} {s.heatNote}</p>
      {!procedures ? <Loading /> : (
        <div class="sv-heat__form">
          <SelectField label={s.heatProcedure} value={procedureId} onValue={(v) => { setProcedureId(v); setVersion(''); setSelected(null); setItems(null); }}
            options={procedures.map((p) => ({ value: p.id, label: procedureName(p) }))} />
          {data ? (
            <SelectField label={s.heatVersion} value={version} onValue={setVersion}
              options={[{ value: '', label: s.heatLatest(data.versions[0] ?? data.version) }, ...data.versions.map((v) => ({ value: String(v), label: s.heatVersionN(v) }))]} />
          ) : null}
        </div>
      )}
      {error ? <Alert kind="info">{error}</Alert> : null}
      {xml ? (
        <>
          <div class="diagram" ref={box} data-state={drawn} data-testid="heat-diagram" />
          {drawn === 'loading' ? <p class="muted" role="status">{m.dossier.diagramLoading}</p> : null}
          {drawn === 'failed' ? <Alert>{s.heatDrawFailed}</Alert> : null}
          <ul class="sv-heat__legend" aria-label={s.heatLegend}>
            <li><span class="sv-heat__badge sv-heat__badge--sample" aria-hidden="true"><span class="sv-heat__n">n</span></span>{s.heatLegendWaiting}</li>
            <li><span class="sv-heat__badge sv-heat__badge--sample" aria-hidden="true"><span class="sv-heat__late">n</span></span>{s.heatLegendOverdue}</li>
          </ul>
          {rows.length === 0 ? <p id="sv-heat-steps">{s.heatEmpty}</p> : (
            <table id="sv-heat-steps" class="sv-heat__table" data-testid="heat-steps">
              <caption>{s.heatSteps}</caption>
              <thead><tr><th scope="col">{s.heatStep}</th><th scope="col" class="num">{s.heatWaiting}</th><th scope="col" class="num">{s.heatOverdue}</th></tr></thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.elementId} data-element={e.elementId} aria-current={selected === e.elementId ? 'true' : undefined}>
                    <th scope="row"><button type="button" class="linklike" onClick={() => selectRef.current(e.elementId)}>{nameOf(e.elementId)}</button></th>
                    <td class="num">{e.waiting}</td>
                    <td class={`num${e.overdue ? ' num--late' : ''}`}><span>{e.overdue}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      {selected ? (
        <div class="sv-heat__items" data-testid="heat-items">
          <h3 tabIndex={-1}>{s.heatItems(nameOf(selected), items?.total ?? 0)}</h3>
          {!items ? <Loading /> : (
            <table>
              <thead><tr><th scope="col">{s.col.dossier}</th><th scope="col">{s.heatApplicant}</th><th scope="col">{s.col.due}</th><th scope="col">{s.col.holder}</th></tr></thead>
              <tbody>
                {items.items.map((i) => (
                  <tr key={i.taskKey} data-code={i.code}>
                    <td><Link href={`/ho-so/${encodeURIComponent(i.code)}`}>{i.code}</Link></td>
                    <td>{i.applicantName}</td>
                    <td><SlaBadge sla={i.sla} dueAt={i.dueAt} /></td>
                    <td>{i.holder ? i.holder.fullName : <span class="muted">{s.group(i.candidateGroups.map((g) => m.roles[g] ?? g).join(', '))}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </section>
  );
}
