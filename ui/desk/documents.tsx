/**
 * The scanned documents: drop files or pick them (several at once), refused files explained at
 * once, and for each file its Art. 19 metadata. Before receipt the files wait; after it each is
 * uploaded with its status, and a failed one can be corrected and sent again.
 */
import { useRef, useState } from 'preact/hooks';
import { useT } from '../shared/i18n.ts';
import { Button } from '../shared/ui.tsx';
import { admit, type DocEntry, type Refused } from './doc-model.ts';
import { DocCard } from './doc-card.tsx';
import type { Procedure } from './types.ts';

export interface DocumentsProps {
  entries: DocEntry[];
  onEntries: (fn: (list: DocEntry[]) => DocEntry[]) => void;
  procedure: Procedure;
  /** Metadata a new file starts with (the applicant's name and number). */
  defaults: () => Partial<DocEntry>;
  /** Show every field's problem (after a submit attempt). */
  showErrors: boolean;
  /** After receipt: uploads one entry. */
  onUpload?: (key: string) => void;
}

export function Documents(p: DocumentsProps) {
  const m = useT();
  const d = m.desk.docs;
  const [over, setOver] = useState(false);
  const [refused, setRefused] = useState<Refused[]>([]);
  const picker = useRef<HTMLInputElement>(null);

  const take = async (files: File[]) => {
    if (!files.length) return;
    const { added, refused: r } = await admit(files, p.defaults(), m);
    setRefused(r);
    if (added.length) p.onEntries((list) => [...list, ...added]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take([...(e.dataTransfer?.files ?? [])]);
  };

  return (
    <div class="desk-documents">
      <div class={`desk-drop${over ? ' desk-drop--over' : ''}`} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}
        data-testid="dropzone">
        <svg aria-hidden="true" width="28" height="28" viewBox="0 0 24 24"><path fill="currentColor" d="M19 13v6H5v-6H3v6a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-6zm-8-9.17L7.41 7.41 6 6l6-6 6 6-1.41 1.41L13 3.83V16h-2z" /></svg>
        <p><strong>{d.drop}</strong> {d.or}</p>
        <Button onClick={() => picker.current?.click()}>{d.pick}</Button>
        <input ref={picker} id="desk-file-input" class="desk-visually-hidden" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
          aria-label={d.pick} tabIndex={-1}
          onChange={(e) => { const el = e.target as HTMLInputElement; void take([...(el.files ?? [])]); el.value = ''; }} />
        <p class="hint">{d.allowed}</p>
      </div>
      {refused.length ? (
        <div class="alert alert--error" role="alert">
          <strong>{d.refusedTitle(refused.length)}</strong>
          <ul>{refused.map((r, i) => <li key={i}><span class="desk-filename">{r.name}</span>: {r.reason}</li>)}</ul>
        </div>
      ) : null}
      {p.entries.length === 0 ? <p class="muted">{d.none}</p> : (
        <ol class="desk-doc-list" aria-label={d.listLabel}>
          {p.entries.map((e, i) => (
            <li key={e.key}>
              <DocCard entry={e} index={i} procedure={p.procedure} showErrors={p.showErrors} onUpload={p.onUpload}
                onChange={(patch) => p.onEntries((list) => list.map((x) => (x.key === e.key ? { ...x, ...patch } : x)))}
                onRemove={() => p.onEntries((list) => list.filter((x) => x.key !== e.key))} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
