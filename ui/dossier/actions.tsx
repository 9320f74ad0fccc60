/**
 * The dossier's actions: one button per action the state machine and the user's roles allow
 * now, each opening a dialog that asks for its fields, sends it, shows the server's errors beside
 * the fields, and hands the updated dossier back to the page. A dossier changed meanwhile (409:
 * the action is no longer allowed from its status) closes the dialog and reloads the page.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Alert, Button, Dialog, SelectField, TextArea, TextField } from '../shared/ui.tsx';
import { availableActions, postAction, type DossierBase, type DossierView } from './data.ts';
import { bodyOf, fieldOfError, fieldsOf } from './fields.tsx';

const DANGER = new Set(['refuse', 'stop', 'close_unsupplemented']);
const PRIMARY = new Set(['accept', 'start_processing', 'receive_supplement', 'decide', 'return_result']);

function ActionDialog({ action, dossier, onClose, onDone, onConflict }: {
  action: string;
  dossier: DossierView;
  onClose: () => void;
  onDone: (v: DossierBase) => void;
  onConflict: (message: string) => void;
}) {
  const m = useT();
  const d = m.dossier;
  const fields = fieldsOf(action, dossier, m);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: string) => (v: string) => setValues((x) => ({ ...x, [name]: v }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const { body, errors: local } = bodyOf(action, fields, values, m);
    const form = e.currentTarget as HTMLFormElement;
    const focusInvalid = () => setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return focusInvalid();
    setBusy(true);
    try {
      onDone(await postAction(dossier.code, action, body));
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'TRANSITION_NOT_ALLOWED' || err.status === 404)) return onConflict(err.message);
      const byField: Record<string, string> = {};
      const other: string[] = [];
      for (const det of err instanceof ApiError ? err.details : []) {
        const name = fieldOfError(det.field);
        if (fields.some((f) => f.name === name)) byField[name] = byField[name] ? `${byField[name]}; ${det.message}` : det.message;
        else other.push(`${det.field}: ${det.message}`);
      }
      setErrors(byField);
      focusInvalid();
      // The server's message names the action and the status; field errors are beside their fields.
      setFormError(Object.keys(byField).length && !other.length ? d.fixFields : [err instanceof ApiError ? err.message : m.errors.generic, ...other].join(' — '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open title={d.actionNames[action] ?? action} onClose={onClose}>
      <form class="form" noValidate onSubmit={(e) => void submit(e)} data-action={action}>
        {d.confirmText[action] ? <p>{d.confirmText[action]}</p> : null}
        {formError ? <Alert>{formError}</Alert> : null}
        {fields.map((f) => {
          const common = { label: f.label, value: values[f.name] ?? '', onValue: set(f.name), error: errors[f.name], required: f.required };
          if (f.kind === 'select') return <SelectField key={f.name} {...common} name={f.name} options={f.options ?? []} />;
          if (f.kind === 'lines' || f.kind === 'textarea') return <TextArea key={f.name} {...common} hint={f.hint} rows={f.kind === 'lines' ? 4 : 3} />;
          return (
            <TextField key={f.name} {...common} name={f.name} hint={f.hint}
              type={f.kind === 'datetime' ? 'datetime-local' : 'text'} inputMode={f.kind === 'money' ? 'numeric' : undefined} />
          );
        })}
        <div class="actions dialog__buttons">
          <Button variant="ghost" onClick={onClose}>{m.app.cancel}</Button>
          <Button type="submit" variant={DANGER.has(action) ? 'danger' : 'primary'} busy={busy}>{busy ? d.submitting : m.app.confirm}</Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The action buttons and their dialogs; `onChanged` gets the updated dossier (or null: reload). */
export function Actions({ dossier, onChanged }: { dossier: DossierView; onChanged: (v: DossierBase | null, message: string, kind: 'success' | 'error') => void }) {
  const m = useT();
  const d = m.dossier;
  const [open, setOpen] = useState<string | null>(null);
  // Focus goes back to the button that opened a dialog when it is cancelled.
  const trigger = useRef<HTMLElement | null>(null);
  const cancel = () => {
    setOpen(null);
    setTimeout(() => trigger.current?.focus());
  };
  const actions = availableActions(dossier);
  return (
    <section class="dossier-actions" aria-labelledby="dossier-actions">
      <h2 id="dossier-actions" class="visually-hidden">{d.actions}</h2>
      {actions.length ? (
        <div class="actions" data-testid="actions">
          {actions.map((a) => (
            <Button key={a} variant={DANGER.has(a) ? 'danger' : PRIMARY.has(a) ? 'primary' : 'secondary'} data-action={a} aria-haspopup="dialog" onClick={(e) => {
              trigger.current = e.currentTarget as HTMLElement;
              setOpen(a);
            }}>
              {d.actionNames[a] ?? a}
            </Button>
          ))}
        </div>
      ) : <p class="muted" data-testid="actions">{d.actionsNone}</p>}
      {open ? (
        <ActionDialog key={open} action={open} dossier={dossier} onClose={cancel}
          onDone={(v) => {
            setOpen(null);
            onChanged(v, d.done(d.actionNames[open] ?? open, m.status[v.status] ?? v.status), 'success');
          }}
          onConflict={(message) => {
            setOpen(null);
            onChanged(null, `${message} ${d.changed}`, 'error');
          }} />
      ) : null}
    </section>
  );
}
