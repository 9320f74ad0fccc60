/**
 * The version history of a procedure's process (who, when, the note; open any version) and the visual
 * diff between two versions (`diff.ts`, loaded on demand): added, removed and changed elements in
 * colour, the changed properties listed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { dateTime } from '../shared/format.ts';
import { useT } from '../shared/i18n.ts';
import { Alert, Button, SelectField } from '../shared/ui.tsx';
import * as data from './data.ts';
import type { Change, DiffHandle } from './diff.ts';

export function History({ procedureId, versions, current, onOpen }: { procedureId: string; versions: data.VersionItem[]; current: number | null; onOpen: (v: number) => void }) {
  const t = useT().modeler;
  return (
    <section class="card md-history" aria-labelledby="md-history">
      <h2 id="md-history">{t.history}</h2>
      <div class="table-wrap">
      <table>
        <thead>
          <tr><th scope="col">{t.versionCol}</th><th scope="col">{t.who}</th><th scope="col">{t.when}</th><th scope="col">{t.note}</th><th scope="col"><span class="md-sr-only">{t.toolbar}</span></th></tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} aria-current={v.version === current ? 'true' : undefined} data-version={v.version}>
              <th scope="row">{v.version}</th>
              <td>{v.source === 'shipped' ? t.shipped : v.publishedByName || v.publishedBy || '—'}</td>
              <td><time dateTime={v.publishedAt}>{dateTime(v.publishedAt)}</time></td>
              <td>{v.comment ?? ''}</td>
              <td><Button variant="ghost" onClick={() => onOpen(v.version)} disabled={v.version === current}>{t.openVersion(v.version)}</Button></td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {versions.length > 1 ? <Diff procedureId={procedureId} versions={versions} /> : null}
    </section>
  );
}

function Diff({ procedureId, versions }: { procedureId: string; versions: data.VersionItem[] }) {
  const t = useT().modeler;
  const [from, setFrom] = useState(String(versions[1]!.version));
  const [to, setTo] = useState(String(versions[0]!.version));
  const [shown, setShown] = useState<{ from: number; to: number } | null>(null);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [failed, setFailed] = useState(false);
  const oldBox = useRef<HTMLDivElement>(null);
  const newBox = useRef<HTMLDivElement>(null);
  const options = versions.map((v) => ({ value: String(v.version), label: t.version(v.version) }));

  useEffect(() => {
    setFrom(String(versions[1]!.version));
    setTo(String(versions[0]!.version));
  }, [versions[0]!.version]);

  useEffect(() => {
    if (!shown || !oldBox.current || !newBox.current) return;
    let handle: DiffHandle | null = null;
    let cancelled = false;
    setChanges(null);
    setFailed(false);
    oldBox.current.replaceChildren();
    newBox.current.replaceChildren();
    Promise.all([data.versionXml(procedureId, shown.from), data.versionXml(procedureId, shown.to), import('./diff.ts')])
      .then(([a, b, mod]) => mod.drawDiff(oldBox.current!, newBox.current!, a, b, { old: t.diffLabel(shown.from), new: t.diffLabel(shown.to) }))
      .then((h) => {
        if (cancelled) return h.destroy();
        handle = h;
        setChanges(h.changes);
      }, () => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      handle?.destroy();
    };
  }, [shown?.from, shown?.to]);

  const kindLabel = { added: t.added, removed: t.removed, changed: t.changed };
  return (
    <div class="md-diff">
      <h3>{t.compare}</h3>
      <div class="md-diff__form">
        <SelectField label={t.from} value={from} onValue={setFrom} options={options} />
        <SelectField label={t.to} value={to} onValue={setTo} options={options} />
        <Button onClick={() => setShown({ from: Number(from), to: Number(to) })} data-testid="md-diff-show">{t.showDiff}</Button>
      </div>
      {failed ? <Alert>{t.diffFailed}</Alert> : null}
      <div class="md-diff__boxes" hidden={!shown}>
        <figure><figcaption>{shown ? t.diffLabel(shown.from) : ''}</figcaption><div class="md-diff__box" ref={oldBox} /></figure>
        <figure><figcaption>{shown ? t.diffLabel(shown.to) : ''}</figcaption><div class="md-diff__box" ref={newBox} data-testid="md-diff-new" /></figure>
      </div>
      {shown ? (
        <ul class="legend">
          <li><span class="legend__swatch md-sw--added" aria-hidden="true" />{t.added}</li>
          <li><span class="legend__swatch md-sw--removed" aria-hidden="true" />{t.removed}</li>
          <li><span class="legend__swatch md-sw--changed" aria-hidden="true" />{t.changed}</li>
        </ul>
      ) : null}
      {changes && !changes.length ? <p>{t.noDiff}</p> : null}
      {changes?.length ? (
        <ul class="md-changes" data-testid="md-changes">
          {changes.map((c) => (
            <li key={`${c.kind}-${c.id}`} class={`md-change md-change--${c.kind}`} data-element={c.id} data-kind={c.kind}>
              <strong>{kindLabel[c.kind]}</strong> {c.name || c.id} <span class="muted">({c.type.replace(/^bpmn:/, '')} {c.id})</span>
              {c.properties.length ? (
                <dl class="md-change__props" aria-label={t.properties}>
                  {c.properties.map((p) => <div key={p.name}><dt>{p.name}</dt><dd><del>{p.oldValue || '∅'}</del> → <ins>{p.newValue || '∅'}</ins></dd></div>)}
                </dl>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
