/**
 * The step's form: its JSON Schema converted to a Camunda form and drawn by form-js, which is
 * loaded only now (a separate chunk). Completing sends the form as the step's variables; the API's
 * field errors are shown beside their fields, anything else above the button.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { Alert, Button, Loading } from '../shared/ui.tsx';
import { errorsByField, toFormSchema, toVariables } from './form-schema.ts';
import type { MountedForm } from './formjs.ts';
import type { TaskDetail, TaskItem } from './model.ts';

export interface TaskFormProps {
  task: TaskDetail;
  editable: boolean;
  onCompleted(t: TaskItem): void;
}

export function TaskForm({ task, editable, onCompleted }: TaskFormProps) {
  const m = useT();
  const lang = useLang();
  const host = useRef<HTMLDivElement>(null);
  const mounted = useRef<MountedForm | null>(null);
  const kept = useRef<Record<string, unknown>>({});
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const step = task.step ?? '';

  const schema = useMemo(() => (task.formSchema ? toFormSchema(task.formSchema, step, task.outcomes, {
    field: (name, title) => (lang === 'vi' ? title : undefined) ?? m.tasks.fields[name] ?? title ?? name,
    option: (s, value, fallback) => m.tasks.outcomes[`${s}.${value}`] ?? m.tasks.outcomes[value] ?? fallback ?? value,
    requiredWhen: m.tasks.requiredWhen,
  }) : null), [task.formSchema, step, (task.outcomes ?? []).join(), lang]);

  // (Re)draw the form; what was typed survives a language change or a claim.
  useEffect(() => {
    if (!schema || !host.current) return;
    let cancelled = false;
    const el = host.current;
    setReady(false);
    import('./formjs.ts')
      .then(({ mountForm }) => mountForm(el, schema, { required: m.tasks.required, tooLong: m.tasks.tooLong }, !editable, kept.current))
      .then((f) => {
        if (cancelled) return f.destroy();
        mounted.current = f;
        setReady(true);
      }, () => !cancelled && setFailed(m.connection.network));
    return () => {
      cancelled = true;
      if (mounted.current) kept.current = mounted.current.data();
      mounted.current?.destroy();
      mounted.current = null;
    };
  }, [schema, editable]);

  const focusFirstError = () => setTimeout(() => host.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);

  const complete = async () => {
    const f = mounted.current;
    if (!f || !schema) return;
    setError([]);
    const { data, errors } = f.submit();
    if (Object.keys(errors).length) {
      setError([m.tasks.formErrors]);
      return focusFirstError();
    }
    setBusy(true);
    try {
      const done = await api.post<TaskItem>(`/api/tasks/${encodeURIComponent(task.key)}/complete`, { variables: toVariables(data) });
      onCompleted(done);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const { fields, other } = errorsByField(err.details, schema);
        f.setErrors(fields);
        setError(other.length ? [err.message, ...other] : [m.tasks.formErrors]);
        focusFirstError();
      } else setError([err instanceof ApiError ? err.message : m.errors.generic]);
    } finally {
      setBusy(false);
    }
  };

  if (!schema) return <p class="muted">{task.kind === 'handoff' ? m.tasks.handoffTask : m.tasks.noForm}</p>;
  return (
    <div class="tform">
      {failed ? <Alert>{failed}</Alert> : null}
      {!ready && !failed ? <Loading /> : null}
      <div ref={host} class="tform__host" data-testid="task-form" />
      {editable ? (
        <>
          {error.length ? <Alert>{error.map((e) => <p key={e}>{e}</p>)}</Alert> : null}
          <div class="actions">
            <Button variant="primary" busy={busy} disabled={!ready} onClick={() => void complete()}>{m.tasks.complete}</Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
