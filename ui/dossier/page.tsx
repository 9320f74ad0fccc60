/**
 * `/ho-so/:code`: one dossier for any officer who may see it — status, deadline and who holds it
 * in the head (its open tasks, from the view) with the actions allowed now; the details and the
 * timeline; the process diagram, the documents and the forms that exist (from the view). Kept
 * live: a change of one of the dossier's tasks (the task stream) reloads it; while its process
 * has not reached a step yet, it is polled.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import './dossier.css';
import { api, ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { OFFICERS, usePageTitle, type PageProps } from '../shared/page.ts';
import { Link } from '../shared/router.tsx';
import { getSession, hasRole } from '../shared/session.ts';
import { openStream } from '../shared/sse.ts';
import { Alert, Button, Loading } from '../shared/ui.tsx';
import { Actions } from './actions.tsx';
import { errorText, FINISHED, loadDocuments, loadDossier, loadHistory, loadProcess, type DocumentItem, type DossierBase, type DossierView, type HistoryEntry, type ProcessView } from './data.ts';
import { Details } from './details.tsx';
import { Diagram } from './diagram.tsx';
import { Documents, Forms } from './files.tsx';
import { Header } from './header.tsx';
import { Timeline } from './timeline.tsx';
import { Deliveries } from './deliveries.tsx';
import { activeUserTasks, parseSteps } from './steps.ts';

interface Part<T> {
  data: T | null;
  error: string | null;
}
const empty = <T,>(): Part<T> => ({ data: null, error: null });

export default function DossierPage({ params }: PageProps) {
  const m = useT();
  const lang = useLang();
  const d = m.dossier;
  const code = params.code ?? '';
  const session = getSession()!;
  usePageTitle(d.titleOf(code));
  const [view, setView] = useState<DossierView | null>(null);
  const [fatal, setFatal] = useState<{ text: string; notFound: boolean } | null>(null);
  const [history, setHistory] = useState<Part<HistoryEntry[]>>(empty);
  const [documents, setDocuments] = useState<Part<DocumentItem[]>>(empty);
  const [process, setProcess] = useState<Part<ProcessView>>(empty);
  const [schema, setSchema] = useState<object | null>(null);
  const [notice, setNotice] = useState<{ text: string; kind: 'success' | 'error' } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const part = async <T,>(load: () => Promise<T>, set: (p: Part<T>) => void, gen: number) => {
    try {
      const data = await load();
      if (gen === generation.current) set({ data, error: null });
    } catch (err) {
      if (gen === generation.current) set({ data: null, error: errorText(err, m.errors.generic) });
    }
  };

  /** The moving parts besides the view: history, process and documents. */
  const reloadParts = (gen: number) => Promise.all([
    part(() => loadHistory(code), setHistory, gen),
    part(() => loadDocuments(code), setDocuments, gen),
    part(() => loadProcess(code), setProcess, gen),
  ]);

  const reload = async () => {
    const gen = ++generation.current;
    try {
      const v = await loadDossier(code);
      if (gen !== generation.current) return;
      setView(v);
      setFatal(null);
    } catch (err) {
      if (gen !== generation.current) return;
      setFatal({ text: errorText(err, m.errors.generic), notFound: err instanceof ApiError && err.status === 404 });
      return;
    }
    await reloadParts(gen);
  };

  useEffect(() => {
    setView(null);
    setHistory(empty());
    setDocuments(empty());
    setProcess(empty());
    setNotice(null);
    void reload();
  }, [code, lang]);

  // The procedure's form schema, for the labels of the filled-in form.
  const procedureId = view?.procedure.id;
  useEffect(() => {
    if (!procedureId) return;
    api.get<{ formSchemaResolved: object | null }>(`/api/procedures/${encodeURIComponent(procedureId)}`).then((p) => setSchema(p.formSchemaResolved), () => setSchema(null));
  }, [procedureId, lang]);

  // Live: a change of one of the dossier's tasks reloads the page (officers only have the stream).
  useEffect(() => {
    if (!hasRole(session, ...OFFICERS)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stream = openStream('/api/tasks/stream', {
      task: (e) => {
        if ((e as { dossierCode?: string }).dossierCode !== code) return;
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), 300);
      },
    });
    return () => {
      clearTimeout(timer);
      stream.close();
    };
  }, [code]);

  // Until the process has reached a step (the engine starts it just after reception), ask again:
  // the view for who holds it, the parts for the diagram.
  const polls = useRef(0);
  const waiting = !!view && !FINISHED.includes(view.status) && !!process.data && process.data.active.length === 0;
  useEffect(() => {
    if (!waiting || polls.current >= 30) return;
    const timer = setTimeout(() => {
      polls.current++;
      void reload();
    }, 1500);
    return () => clearTimeout(timer);
  }, [waiting, process.data]);

  const steps = useMemo(() => (process.data?.xml ? parseSteps(process.data.xml) : []), [process.data?.xml]);

  const changed = (v: DossierBase | null, text: string, kind: 'success' | 'error') => {
    setNotice({ text, kind });
    polls.current = 0;
    // The action's answer at once (who holds it and the forms follow with the reload).
    if (v) setView((old) => (old ? { ...old, ...v } : old));
    void reload();
    // The engine moves the process on after the answer: look again a moment later.
    if (v) setTimeout(() => void reload(), 1500);
    setTimeout(() => noticeRef.current?.focus());
  };

  if (fatal && !view) {
    return (
      <div class="page">
        <h1>{d.titleOf(code)}</h1>
        <Alert>{fatal.notFound ? d.notFound : fatal.text}</Alert>
        <p class="actions">
          {!fatal.notFound ? <Button onClick={() => void reload()}>{m.app.retry}</Button> : null}
          <Link href="/">{m.app.home}</Link>
        </p>
      </div>
    );
  }
  if (!view) return <div class="page"><Loading /></div>;

  return (
    <div class="page dossier">
      <Header dossier={view} fromProcess={process.data ? activeUserTasks(steps, process.data) : []}>
        <Actions dossier={view} onChanged={changed} />
      </Header>
      <div ref={noticeRef} tabIndex={-1} class="dossier__notice">
        <div role="status" data-testid="notice">{notice?.kind === 'success' ? <div class="alert alert--success">{notice.text}</div> : null}</div>
        {notice?.kind === 'error' ? <Alert>{notice.text}</Alert> : null}
      </div>
      {fatal ? <Alert>{fatal.text}</Alert> : null}
      <div class="dossier__columns">
        <div class="dossier__col">
          <Details dossier={view} schema={schema as Parameters<typeof Details>[0]['schema']} />
          <Timeline history={history.data} error={history.error} session={session} />
          <Deliveries code={view.code} version={view.version} />
        </div>
        <div class="dossier__col">
          <Diagram process={process.data} error={process.error} title={lang === 'vi' ? view.procedure.nameVi : view.procedure.nameEn} />
          <Documents code={view.code} documents={documents.data} error={documents.error} />
          <Forms code={view.code} forms={view.forms} />
        </div>
      </div>
    </div>
  );
}
