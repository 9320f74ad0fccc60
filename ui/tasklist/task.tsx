/**
 * An open task: who holds it and until when, the dossier's summary and documents, the step's form
 * and the other actions the user may take. Kept up to date by the live stream (a colleague's claim
 * or completion shows at once).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { dateTime } from '../shared/format.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Button, Loading, SlaBadge, StatusBadge } from '../shared/ui.tsx';
import { TaskActions } from './actions.tsx';
import { announce, carry } from './carry.ts';
import { debounce, useTaskChanges } from './live.ts';
import { codeOf, permissions, type TaskDetail, type TaskItem } from './model.ts';
import { TaskForm } from './task-form.tsx';

interface Dossier {
  code: string;
  status: string;
  statusVi?: string;
  applicant: { fullName?: string; personalId?: string; phone?: string };
  receivedAt: string | null;
  dueAt: string | null;
  sla: string | null;
  procedure: { nameVi: string; nameEn: string };
}

interface Doc {
  id: string;
  title: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export interface PanelProps {
  taskKey: string;
  me: { id: string; roles: string[] };
  closeHref: string;
  focus: boolean;
  onClose(): void;
  onClaim(t: TaskItem): Promise<TaskItem | null>;
  onUnclaim(t: TaskItem): Promise<TaskItem | null>;
  onFinished(t: TaskItem, message: string): void;
  onChanged(): void;
}

const kb = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function TaskPanel({ taskKey, me, closeHref, focus, onClose, onClaim, onUnclaim, onFinished, onChanged }: PanelProps) {
  const m = useT();
  const lang = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  const [task, setTask] = useState<TaskDetail | null>(null);
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [docs, setDocs] = useState<Doc[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lastOwn = useRef(0);

  const load = async () => {
    try {
      const t = await api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(taskKey)}`);
      setTask(t);
      setError(null);
      const code = t.dossier?.code;
      if (!code) return;
      const [d, list] = await Promise.all([
        api.get<Dossier>(`/api/dossiers/${encodeURIComponent(code)}`),
        api.get<Doc[]>(`/api/dossiers/${encodeURIComponent(code)}/documents`),
      ]);
      setDossier(d);
      setDocs(list);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };
  // The panel is keyed by the task: this loads it, and again in another language (what was typed stays).
  useEffect(() => void load(), [lang]);
  useEffect(() => {
    if (!focus || !task) return;
    heading.current?.focus();
    carry.focusTask = null;
  }, [focus, task?.key]);

  const latest = useRef(load);
  latest.current = load;
  const reload = useMemo(() => debounce(() => void latest.current(), 150), []);
  useEffect(() => () => reload.cancel(), [reload]);
  useTaskChanges((e) => {
    if (e && e.key !== taskKey) return;
    if (e && e.assigneeId !== me.id && Date.now() - lastOwn.current > 3000 && e.change !== 'updated') setNotice(m.tasks.changedByOther);
    reload();
  });

  const act = async (fn: (t: TaskItem) => Promise<TaskItem | null>) => {
    if (!task) return;
    lastOwn.current = Date.now();
    setBusy(true);
    const t = await fn(task);
    setBusy(false);
    if (t) {
      setTask({ ...task, ...t });
      setNotice(null);
    }
  };

  const download = async (d: Doc) => {
    try {
      const url = await api.blobUrl(`/api/dossiers/${encodeURIComponent(codeOf(task!))}/documents/${encodeURIComponent(d.id)}`);
      const a = Object.assign(document.createElement('a'), { href: url, download: d.fileName });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };

  if (!task) return <div class="tpanel">{error ? <Alert>{error}</Alert> : <Loading />}</div>;
  const can = permissions(task, me);
  const code = codeOf(task);
  const stepLabel = task.step ? m.tasks.steps[task.step] ?? task.name : task.name;
  const finished = (kind: string, t: TaskItem, message: string) => {
    lastOwn.current = Date.now();
    if (kind === 'handoff') {
      announce(message);
      setTask({ ...task, ...t });
      onChanged();
    } else onFinished(t, message);
  };

  return (
    <article class="tpanel" aria-labelledby="task-heading">
      <header class="tpanel__head">
        <div class="tpanel__title">
          <p class="tpanel__eyebrow"><span class={`step step--${task.step ?? 'none'}`}>{stepLabel}</span> {task.name !== stepLabel ? <span class="muted">{task.name}</span> : null}</p>
          <h2 id="task-heading" ref={heading} tabIndex={-1}>{code}{task.dossier ? <span class="tpanel__applicant"> · {task.dossier.applicantName}</span> : null}</h2>
          <p class="muted tpanel__proc">{task.dossier?.procedureName}</p>
        </div>
        <Link href={closeHref} onClick={onClose} class="btn btn--ghost tpanel__close" aria-label={m.tasks.close} title={m.tasks.close}><span aria-hidden="true">✕</span></Link>
      </header>
      <div class="tpanel__meta">
        <div><span class="tpanel__label">{m.tasks.stepDue}</span><SlaBadge sla={task.state === 'CREATED' ? task.sla : null} dueAt={task.dueAt} /></div>
        {dossier ? <div><span class="tpanel__label">{m.tasks.dossierDue}</span><SlaBadge sla={dossier.sla} dueAt={dossier.dueAt} /></div> : null}
        {dossier ? <div><span class="tpanel__label">{m.tasks.dossierStatus}</span><StatusBadge status={dossier.status} /></div> : null}
        <div><span class="tpanel__label">{m.tasks.assignedTo}</span>{task.assignee ? (can.mine ? <strong>{m.tasks.me}</strong> : task.assignee.fullName || task.assignee.username) : <span class="muted">{m.tasks.unassigned}</span>}</div>
        {can.claim || can.unclaim ? (
          <div class="tpanel__claim">
            {can.claim ? <Button variant="primary" busy={busy} onClick={() => void act(onClaim)}>{m.tasks.claim}</Button> : null}
            {can.unclaim ? <Button busy={busy} onClick={() => void act(onUnclaim)}>{m.tasks.unclaim}</Button> : null}
          </div>
        ) : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="warning">{notice}</Alert> : null}
      {task.state !== 'CREATED' ? <Alert kind="info">{m.tasks.notOpen}</Alert>
        : !task.assignee && can.claim ? <Alert kind="info">{m.tasks.mustClaim}</Alert>
        : task.assignee && !can.mine ? <Alert kind="info">{m.tasks.heldBy(task.assignee.fullName || task.assignee.username)}</Alert> : null}

      <div class="tpanel__body">
        <section class="card tpanel__form" aria-labelledby="task-form-heading">
          <h3 id="task-form-heading">{task.formSchema?.title && lang === 'vi' ? task.formSchema.title : m.tasks.form}</h3>
          {task.state === 'CREATED' ? <TaskForm task={task} editable={can.complete} onCompleted={(t) => onFinished(t, m.tasks.completed(code))} /> : null}
          {task.state === 'CREATED' ? <TaskActions task={task} me={me} can={can} onDone={finished} /> : null}
        </section>
        <div class="tpanel__side">
          <section class="card" aria-labelledby="task-dossier-heading">
            <h3 id="task-dossier-heading">{m.tasks.summary}</h3>
            {!dossier ? (task.dossier ? <Loading /> : <p class="muted">{m.app.none}</p>) : (
              <dl class="tsummary">
                <dt>{m.tasks.applicant}</dt><dd>{dossier.applicant.fullName ?? m.app.none}</dd>
                {dossier.applicant.personalId ? <><dt>{m.tasks.personalId}</dt><dd>{dossier.applicant.personalId}</dd></> : null}
                {dossier.applicant.phone ? <><dt>{m.tasks.phone}</dt><dd><a href={`tel:${dossier.applicant.phone}`}>{dossier.applicant.phone}</a></dd></> : null}
                <dt>{m.tasks.receivedAt}</dt><dd>{dateTime(dossier.receivedAt)}</dd>
              </dl>
            )}
            {task.dossier ? <p><Link href={`/ho-so/${encodeURIComponent(code)}`}>{m.tasks.openDossier} →</Link></p> : null}
          </section>
          <section class="card" aria-labelledby="task-docs-heading">
            <h3 id="task-docs-heading">{m.tasks.documents}</h3>
            {!docs ? (task.dossier ? <Loading /> : null) : docs.length === 0 ? <p class="muted">{m.tasks.noDocuments}</p> : (
              <ul class="tdocs">
                {docs.map((d) => (
                  <li key={d.id}>
                    <button type="button" class="tdocs__btn" title={m.tasks.download(d.title)} onClick={() => void download(d)}>
                      <span class="tdocs__icon" aria-hidden="true">{d.mimeType === 'application/pdf' ? 'PDF' : 'IMG'}</span>
                      <span class="tdocs__title">{d.title}</span>
                      <span class="muted tdocs__size">{kb(d.size)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </article>
  );
}
