/**
 * The shortcuts officers use most on an open task, each only where the step and the user allow it:
 * request a supplement (the items), refuse (the reasons), hand the task to a colleague. Each asks in
 * a dialog and shows the API's errors beside the field that caused them.
 */
import { useId, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Alert, Button, Dialog, SelectField } from '../shared/ui.tsx';
import { codeOf, type Person, type TaskItem } from './model.ts';

type Kind = 'supplement' | 'refuse' | 'handoff';

export interface ActionsProps {
  task: TaskItem;
  me: { id: string };
  can: { supplement: boolean; refuse: boolean; handoff: boolean };
  onDone(kind: Kind, t: TaskItem, message: string): void;
}

const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);

export function TaskActions({ task, me, can, onDone }: ActionsProps) {
  const m = useT();
  const id = useId();
  const [open, setOpen] = useState<Kind | null>(null);
  const [text, setText] = useState('');
  const [assignee, setAssignee] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!can.supplement && !can.refuse && !can.handoff) return null;
  const code = codeOf(task);

  const start = async (kind: Kind) => {
    setOpen(kind);
    setText('');
    setAssignee('');
    setErr(null);
    if (kind === 'handoff') {
      setPeople(null);
      try {
        setPeople((await api.get<Person[]>(`/api/tasks/${encodeURIComponent(task.key)}/candidates`)).filter((p) => p.id !== me.id));
      } catch (e) {
        setErr(e);
      }
    }
  };

  const send = async (e: Event) => {
    e.preventDefault();
    if (!open) return;
    const path = `/api/tasks/${encodeURIComponent(task.key)}/${open === 'supplement' ? 'request-supplement' : open}`;
    const body = open === 'supplement' ? { items: lines(text) } : open === 'refuse' ? { reasons: lines(text) } : { assigneeId: assignee };
    const missing = open === 'handoff' ? !assignee : !lines(text).length;
    if (missing) return setErr(new ApiError(400, 'REQUIRED', m.tasks.required, [{ field: open === 'handoff' ? 'assigneeId' : 'text', message: m.tasks.required }]));
    setBusy(true);
    try {
      const t = await api.post<TaskItem>(path, body);
      const who = people?.find((p) => p.id === assignee);
      setOpen(null);
      onDone(open, t, open === 'supplement' ? m.tasks.supplementDone(code) : open === 'refuse' ? m.tasks.refuseDone(code) : m.tasks.handoffDone(who?.fullName ?? who?.username ?? ''));
    } catch (e2) {
      setErr(e2);
    } finally {
      setBusy(false);
    }
  };

  const fieldMsg = (...fields: string[]) => (err instanceof ApiError ? err.details.find((d) => fields.some((f) => d.field === f || d.field.endsWith(`.${f}`) || d.field.startsWith(`${f}.`) || d.field.startsWith(`body.${f}`)))?.message : undefined);
  const textErr = fieldMsg('text', 'items', 'reasons');
  const whoErr = fieldMsg('assigneeId');
  const general = err && !textErr && !whoErr ? (err instanceof ApiError ? err.message : m.errors.generic) : null;
  const titles: Record<Kind, string> = { supplement: m.tasks.supplement, refuse: m.tasks.refuse, handoff: m.tasks.handoff };

  return (
    <div class="tactions" role="group" aria-label={m.tasks.more}>
      {can.supplement ? <Button onClick={() => void start('supplement')}>{m.tasks.supplement}</Button> : null}
      {can.refuse ? <Button variant="danger" onClick={() => void start('refuse')}>{m.tasks.refuse}</Button> : null}
      {can.handoff ? <Button onClick={() => void start('handoff')}>{m.tasks.handoff}</Button> : null}
      <Dialog open={!!open} title={open ? titles[open] : ''} onClose={() => setOpen(null)}>
        <p class="muted tactions__for">{m.tasks.forDossier(code)}</p>
        <form class="form" onSubmit={(e) => void send(e)} noValidate>
          {open === 'handoff' ? (
            people && people.length === 0 ? <p>{m.tasks.noColleague}</p> : (
              <SelectField label={m.tasks.handoffTo} value={assignee} onValue={setAssignee} required error={whoErr}
                options={[{ value: '', label: m.tasks.chooseColleague }, ...(people ?? []).map((p) => ({ value: p.id, label: p.fullName ? `${p.fullName} (${p.username})` : p.username }))]} />
            )
          ) : (
            <div class={`field${textErr ? ' field--error' : ''}`}>
              <label for={`${id}-text`}>{open === 'refuse' ? m.tasks.refuseReasons : m.tasks.supplementItems}<span class="required" aria-hidden="true"> *</span></label>
              <textarea id={`${id}-text`} value={text} required rows={4} aria-invalid={textErr ? 'true' : undefined}
                aria-describedby={`${id}-hint${textErr ? ` ${id}-err` : ''}`} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
              <p class="hint" id={`${id}-hint`}>{open === 'refuse' ? m.tasks.refuseHint : m.tasks.supplementHint}</p>
              {textErr ? <p class="error" id={`${id}-err`}>{textErr}</p> : null}
            </div>
          )}
          {general ? <Alert>{general}</Alert> : null}
          <div class="actions">
            <Button variant={open === 'refuse' ? 'danger' : 'primary'} type="submit" busy={busy} disabled={open === 'handoff' && !people?.length}>{m.tasks.send}</Button>
            <Button variant="ghost" onClick={() => setOpen(null)}>{m.app.cancel}</Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
