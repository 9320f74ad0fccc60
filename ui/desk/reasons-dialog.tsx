/**
 * A dialog collecting a list (refusal reasons, supplement items): common reasons to tick and free
 * text, one per line, checked before sending; the server's messages shown in it.
 */
import { useState } from 'preact/hooks';
import { useT } from '../shared/i18n.ts';
import { vi } from '../shared/messages/vi.ts';
import { Alert, Button, Dialog } from '../shared/ui.tsx';

export interface ReasonsDialogProps {
  open: boolean;
  title: string;
  intro?: string;
  /** The label of the free-text list. */
  label: string;
  /** Offer the common refusal reasons as check boxes. */
  presets?: boolean;
  /** An optional second text (the supplement's reason). */
  noteLabel?: string;
  confirm: string;
  danger?: boolean;
  busy: boolean;
  error?: string | null;
  onClose: () => void;
  onConfirm: (items: string[], note: string) => void;
}

const MIN = 3;

export function ReasonsDialog(p: ReasonsDialogProps) {
  const m = useT();
  const r = m.desk.reasons;
  const [picked, setPicked] = useState<number[]>([]);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const items = () => [
    // The reasons are printed on the form (Vietnamese) whatever the officer's language.
    ...picked.sort().map((i) => vi.desk.reasons.presets[i]!),
    ...text.split('\n').map((l) => l.trim()).filter(Boolean),
  ];
  const confirm = () => {
    const list = items();
    if (!list.length) return setProblem(r.needOne);
    if (list.some((x) => x.length < MIN)) return setProblem(r.tooShort(MIN));
    setProblem(null);
    p.onConfirm(list, note.trim());
  };
  const err = problem ?? p.error;
  return (
    <Dialog open={p.open} title={p.title} onClose={p.onClose}>
      <div class="form desk-reasons" onKeyDown={(e) => { if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); confirm(); } }}>
        {p.intro ? <p>{p.intro}</p> : null}
        {p.presets ? (
          <fieldset class="desk-fieldset">
            <legend>{r.common}</legend>
            {m.desk.reasons.presets.map((label, i) => (
              <label key={i} class="desk-check-line">
                <input type="checkbox" checked={picked.includes(i)} onChange={(e) => setPicked((l) => ((e.target as HTMLInputElement).checked ? [...l, i] : l.filter((x) => x !== i)))} />
                <span>{label}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div class={`field${err ? ' field--error' : ''}`}>
          <label for="reasons-text">{p.label}</label>
          <textarea id="reasons-text" rows={4} value={text} aria-describedby={`reasons-hint${err ? ' reasons-error' : ''}`} aria-invalid={err ? 'true' : undefined}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          <p class="hint" id="reasons-hint">{r.onePerLine}</p>
          {err ? <p class="error" id="reasons-error" role="alert">{err}</p> : null}
        </div>
        {p.noteLabel ? (
          <div class="field">
            <label for="reasons-note">{p.noteLabel}</label>
            <input id="reasons-note" value={note} maxLength={1000} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </div>
        ) : null}
        {p.error && problem ? <Alert>{p.error}</Alert> : null}
        <div class="actions desk-dialog-actions">
          <Button variant={p.danger ? 'danger' : 'primary'} busy={p.busy} onClick={confirm}>{p.confirm}</Button>
          <Button variant="ghost" onClick={p.onClose}>{m.app.cancel}</Button>
        </div>
      </div>
    </Dialog>
  );
}
