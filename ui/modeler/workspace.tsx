/**
 * One procedure's process open in the editor: the toolbar (undo, redo, download, open a file, deploy),
 * the canvas and the properties panel, the issues (live: @camunda/linting in the browser and the API's
 * check, debounced), deploying as the next version (stale base → warned before overwriting), the
 * version history with the diff. Unsaved changes are guarded on leaving.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { Link, setLeaveGuard } from '../shared/router.tsx';
import { getSession, hasRole } from '../shared/session.ts';
import { Alert, Button, Dialog, Loading, SelectField, TextArea } from '../shared/ui.tsx';
import * as data from './data.ts';
import type { EditorHandle, Issue } from './editor.ts';
import { History } from './history.tsx';
import { IssueList } from './issues.tsx';

const CHECK_DELAY_MS = 600;

export function Workspace({ procedureId }: { procedureId: string }) {
  const m = useT();
  const t = m.modeler;
  const lang = useLang();
  const canDeploy = hasRole(getSession(), 'procedure_controller');
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [procedure, setProcedure] = useState<data.ProcedureItem | null>(null);
  const [versions, setVersions] = useState<data.VersionItem[] | null>(null);
  const [base, setBase] = useState<number | null>(null);
  const [ready, setReady] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [dirty, setDirty] = useState(false);
  const fromFile = useRef(false);
  const [undo, setUndo] = useState({ canUndo: false, canRedo: false });
  const [issues, setIssues] = useState<Issue[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null);
  const [deployOpen, setDeployOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState<{ current: number; base: number } | null>(null);
  const [stepTemplates, setStepTemplates] = useState<Array<{ value: string; label: string }>>([]);
  const [stepTemplate, setStepTemplate] = useState('vn.motcua.appraisal');
  const [points, setPoints] = useState<Array<{ id: string; name: string }>>([]);
  const [after, setAfter] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);

  const name = procedure ? (lang === 'vi' ? procedure.nameVi : procedure.nameEn || procedure.nameVi) : procedureId;

  // Runs the browser's linter and the API's check on the diagram as it is now; the latest run wins.
  const check = async () => {
    const e = editor.current;
    if (!e) return;
    const run = ++seq.current;
    setChecking(true);
    try {
      const xml = await e.xml();
      const [local, server] = await Promise.all([e.lintLocally().catch(() => []), data.checkOnServer(procedureId, xml)]);
      if (run !== seq.current) return;
      const all = data.mergeIssues(local, server);
      setIssues(all);
      e.showIssues(all);
    } catch {
      /* the next change checks again */
    } finally {
      if (run === seq.current) setChecking(false);
    }
  };
  const scheduleCheck = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void check(), CHECK_DELAY_MS);
  };

  const openXml = async (xml: string, version: number | null, file: boolean) => {
    const e = editor.current!;
    await e.open(xml);
    fromFile.current = file;
    if (version !== null) setBase(version);
    setDirty(file);
    setUndo(e.state());
    setPoints(e.insertionPoints());
    setStale(null);
    void check();
  };

  const loadVersion = async (version: number) => {
    try {
      setMessage(null);
      await openXml(await data.versionXml(procedureId, version), version, false);
    } catch {
      setMessage({ kind: 'error', text: t.loadFailed });
    }
  };

  // Load the procedure, its versions and what the editor needs; open the latest version.
  useEffect(() => {
    let cancelled = false;
    setReady('loading');
    (async () => {
      const [list, vs, templates, supported] = await Promise.all([data.procedures(), data.versions(procedureId), data.templates(procedureId), data.supported()]);
      if (cancelled) return;
      setProcedure(list.find((p) => p.id === procedureId) ?? null);
      setVersions(vs);
      setStepTemplates((templates as Array<{ id: string; name: string }>).map((x) => ({ value: x.id, label: x.name })));
      const { createEditor } = await import('./editor.ts');
      if (cancelled || !canvasRef.current || !panelRef.current) return;
      const e = await createEditor(canvasRef.current, panelRef.current, { templates, supported, label: t.canvasLabel(procedureId) });
      if (cancelled) return e.destroy();
      editor.current = e;
      e.onSelection((id) => {
        if (id && e.insertionPoints().some((p) => p.id === id)) setAfter(id);
      });
      e.onChange(() => {
        const s = e.state();
        setPoints(e.insertionPoints());
        setUndo(s);
        setDirty(s.canUndo || fromFile.current);
        scheduleCheck();
      });
      if (vs[0]) await openXml(await data.versionXml(procedureId, vs[0].version), vs[0].version, false);
      if (!cancelled) setReady('ready');
    })().catch(() => {
      if (!cancelled) setReady('failed');
    });
    return () => {
      cancelled = true;
      window.clearTimeout(timer.current);
      editor.current?.destroy();
      editor.current = null;
    };
  }, [procedureId]);

  // Warn before leaving the page with changes not deployed.
  useEffect(() => {
    if (!dirty) return;
    const guard = (ev: BeforeUnloadEvent) => {
      ev.preventDefault();
      ev.returnValue = '';
    };
    window.addEventListener('beforeunload', guard);
    // Links inside the app (the header's too) ask before leaving the unsaved diagram.
    const unguard = setLeaveGuard(() => window.confirm(t.leave));
    return () => {
      window.removeEventListener('beforeunload', guard);
      unguard();
    };
  }, [dirty]);

  const discardOk = () => !dirty || window.confirm(t.leave);

  const download = async () => {
    const xml = await editor.current!.xml();
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${procedureId}${base ? `-v${base}` : ''}${dirty ? '-draft' : ''}.bpmn`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const upload = async (file: File | undefined) => {
    if (!file || !discardOk()) return;
    try {
      setMessage(null);
      await openXml(await file.text(), null, true);
    } catch {
      setMessage({ kind: 'error', text: t.uploadFailed });
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const doDeploy = async (overwrite: boolean) => {
    const e = editor.current;
    if (!e) return;
    setBusy(true);
    setMessage(null);
    try {
      const published = await data.deploy(procedureId, await e.xml(), { comment: comment.trim(), baseVersion: base, overwrite });
      setDeployOpen(false);
      setStale(null);
      setComment('');
      setVersions(await data.versions(procedureId));
      await loadVersion(published.version);
      setMessage({ kind: 'success', text: published.created ? t.deployed(published.version) : t.unchanged(published.version) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PROCESS_VERSION_STALE') {
        const d = err.details as unknown as { currentVersion: number; baseVersion: number };
        setDeployOpen(false);
        setStale({ current: d.currentVersion, base: d.baseVersion });
      } else if (err instanceof ApiError && err.code === 'BPMN_REJECTED') {
        setDeployOpen(false);
        const server = (err.details as unknown as Array<{ field: string; rule: string; message: string }>).map((d) => data.toIssue({ elementId: d.field, rule: d.rule, message: d.message, category: 'error' }));
        const all = data.mergeIssues((issues ?? []).filter((i) => i.source === 'lint'), server);
        setIssues(all);
        e.showIssues(all);
        setMessage({ kind: 'error', text: t.rejected(server.length) });
      } else {
        setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : m.errors.generic });
      }
    } finally {
      setBusy(false);
    }
  };

  const insert = () => {
    const e = editor.current;
    if (e && after) e.insertAfter(after, stepTemplate);
  };
  const pointOptions = [{ value: '', label: '—' }, ...points.map((p) => ({ value: p.id, label: p.name ? `${p.name} (${p.id})` : p.id }))];

  const errors = issues?.filter((i) => i.category === 'error').length ?? 0;
  return (
    <div class="page md-page">
      <p class="md-back"><Link href="/quy-trinh" onClick={(ev: MouseEvent) => { if (!discardOk()) ev.preventDefault(); }}>← {t.back}</Link></p>
      <div class="md-head">
        <h1>{name}</h1>
        <p class="muted" data-testid="md-state">
          {base ? t.editing(base) : null}{base ? ' · ' : ''}
          <span class={dirty ? 'md-dirty' : ''}>{dirty ? t.dirty : t.clean}</span>
        </p>
      </div>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      {!canDeploy ? <Alert kind="info">{t.readOnly}</Alert> : null}
      <div class="md-toolbar" role="toolbar" aria-label={t.toolbar}>
        <Button onClick={() => editor.current?.undo()} disabled={!undo.canUndo}>{t.undo}</Button>
        <Button onClick={() => editor.current?.redo()} disabled={!undo.canRedo}>{t.redo}</Button>
        <Button onClick={() => void download()} disabled={ready !== 'ready'}>{t.download}</Button>
        <label class="btn btn--secondary md-file">
          {t.upload}
          <input ref={fileRef} type="file" accept=".bpmn,.xml,application/xml,text/xml" class="md-file__input" onChange={(ev) => void upload((ev.target as HTMLInputElement).files?.[0])} disabled={ready !== 'ready'} />
        </label>
        {canDeploy ? <Button variant="primary" onClick={() => setDeployOpen(true)} disabled={ready !== 'ready'} data-testid="md-deploy">{t.deploy}</Button> : null}
      </div>
      <div class="md-insert" role="group" aria-label={t.insert}>
        <SelectField label={t.insertLabel} value={stepTemplate} onValue={setStepTemplate} options={stepTemplates} />
        <SelectField label={t.insertAfter} value={after} onValue={(v) => { setAfter(v); if (v) editor.current?.select(v); }} options={pointOptions} />
        <Button onClick={insert} disabled={!after || ready !== 'ready'} data-testid="md-insert">{t.insert}</Button>
        <p class="hint md-insert__hint">{t.insertHint}</p>
      </div>
      {ready === 'loading' ? <Loading /> : null}
      {ready === 'failed' ? <Alert>{t.loadFailed}</Alert> : null}
      <div class="md-work">
        <div class="md-canvas" ref={canvasRef} data-testid="md-canvas" data-ready={ready} />
        <aside class="md-panel" aria-label={t.panelLabel} ref={panelRef} />
      </div>
      <IssueList issues={issues} checking={checking} onSelect={(id) => editor.current?.select(id)} />
      {versions ? <History procedureId={procedureId} versions={versions} current={base} onOpen={(v) => { if (discardOk()) void loadVersion(v); }} /> : null}

      <Dialog open={deployOpen} title={t.deployTitle} onClose={() => setDeployOpen(false)}>
        <p>{t.deployIntro}</p>
        {errors ? <Alert kind="warning">{t.hasErrors}</Alert> : null}
        <TextArea label={t.comment} value={comment} onValue={setComment} rows={3} />
        <div class="md-dialog-actions">
          <Button variant="primary" busy={busy} onClick={() => void doDeploy(false)} data-testid="md-deploy-now">{t.deployNow}</Button>
          <Button onClick={() => setDeployOpen(false)}>{m.app.cancel}</Button>
        </div>
      </Dialog>
      <Dialog open={!!stale} title={t.staleTitle} onClose={() => setStale(null)}>
        {stale ? <p>{t.stale(stale.current, stale.base)}</p> : null}
        <div class="md-dialog-actions">
          <Button variant="danger" busy={busy} onClick={() => void doDeploy(true)}>{t.overwrite}</Button>
          <Button onClick={() => { if (stale && discardOk()) void loadVersion(stale.current); setStale(null); }}>{t.openLatest}</Button>
          <Button onClick={() => setStale(null)}>{m.app.cancel}</Button>
        </div>
      </Dialog>
    </div>
  );
}
