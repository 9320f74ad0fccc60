/**
 * The dossier's process diagram: bpmn-js loaded on demand, the current step highlighted and the
 * steps done in green, zoom buttons, a legend, and the list of steps (done / current) as its text
 * alternative for screen readers and keyboards.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useT } from '../shared/i18n.ts';
import { Alert, Button } from '../shared/ui.tsx';
import type { ProcessView } from './data.ts';
import { parseSteps, stepRows, type StepInfo } from './steps.ts';
import type { DiagramHandle } from './viewer.ts';

const Icon = ({ d }: { d: string }) => <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24"><path fill="currentColor" d={d} /></svg>;

export function Diagram({ process, error, title }: { process: ProcessView | null; error: string | null; title: string }) {
  const m = useT();
  const d = m.dossier;
  const box = useRef<HTMLDivElement>(null);
  const handle = useRef<DiagramHandle | null>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');
  const xml = process?.xml ?? null;
  const marks = process ? `${process.active.join()}|${process.completed.join()}|${process.incidents.join()}` : '';
  const steps = useMemo(() => (xml ? parseSteps(xml) : []), [xml]);
  const rows = process ? stepRows(steps, process) : [];

  useEffect(() => {
    if (!xml || !process || !box.current) return;
    let cancelled = false;
    setState('loading');
    import('./viewer.ts')
      .then(({ drawDiagram }) => drawDiagram(box.current!, xml, process, d.diagramLabel(title), 'dossier-steps'))
      .then((h) => {
        if (cancelled) return h.destroy();
        handle.current = h;
        setState('drawn');
      }, () => {
        if (!cancelled) setState('failed');
      });
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
    };
  }, [xml, marks]);

  const label = (s: StepInfo) => s.name || d.waitingFor(s.waitsFor.join(' / '));
  // The steps waiting now (a sub-process is only their frame).
  const current = rows.filter((r) => r.state !== 'done' && r.kind !== 'subProcess');
  return (
    <section class="card dossier-card" aria-labelledby="dossier-diagram">
      <div class="dossier-card__head">
        <h2 id="dossier-diagram">{d.diagram}</h2>
        {process?.version ? <span class="muted">{d.processVersion(process.version)}</span> : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {!process && !error ? <p class="muted" role="status">{d.diagramLoading}</p> : null}
      {process && !xml ? <p class="muted">{d.diagramNone}</p> : null}
      {xml ? (
        <>
          <p class="diagram__current">
            <strong>{d.currentStep}: </strong>
            {current.length ? current.map(label).join(', ') : process?.processInstanceKey ? d.noCurrentStep : d.notStarted}
          </p>
          <div class="diagram__tools" role="group" aria-label={d.zoom}>
            <Button variant="ghost" onClick={() => handle.current?.zoom('in')} disabled={state !== 'drawn'} aria-label={d.zoomIn} title={d.zoomIn}><Icon d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z" /></Button>
            <Button variant="ghost" onClick={() => handle.current?.zoom('out')} disabled={state !== 'drawn'} aria-label={d.zoomOut} title={d.zoomOut}><Icon d="M5 11h14v2H5z" /></Button>
            <Button variant="ghost" onClick={() => handle.current?.zoom('fit')} disabled={state !== 'drawn'}>{d.zoomFit}</Button>
          </div>
          <div class="diagram" ref={box} data-state={state} data-testid="diagram" />
          {state === 'loading' ? <p class="muted" role="status">{d.diagramLoading}</p> : null}
          {state === 'failed' ? <Alert>{d.diagramFailed}</Alert> : null}
          <ul class="legend" aria-label={d.legend}>
            <li><span class="legend__swatch legend__swatch--active" aria-hidden="true" />{d.legendActive}</li>
            <li><span class="legend__swatch legend__swatch--done" aria-hidden="true" />{d.legendDone}</li>
            <li><span class="legend__swatch legend__swatch--incident" aria-hidden="true" />{d.legendIncident}</li>
            <li><span class="legend__swatch legend__swatch--todo" aria-hidden="true" />{d.legendTodo}</li>
          </ul>
          <details class="steps">
            <summary>{d.stepsList}</summary>
            {rows.length ? (
              <ol id="dossier-steps" class="steps__list">
                {rows.map((r) => (
                  <li key={r.id} class={`steps__item steps__item--${r.state}`}>
                    <span class="steps__state">{d.stepState[r.state]}</span> {label(r)}
                  </li>
                ))}
              </ol>
            ) : <p id="dossier-steps" class="muted">{d.notStarted}</p>}
          </details>
        </>
      ) : null}
    </section>
  );
}
