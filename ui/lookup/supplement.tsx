/**
 * The online supplement on the lookup page (code + PIN): upload each missing document (type and
 * size checked here before sending, and again by the server), then «Đã bổ sung đủ», which applies the
 * counter's receive-supplement step: the dossier is handled again and its time limit starts over.
 */
import { useState } from 'preact/hooks';
import { fileTypeOf, SIGNATURE_BYTES } from '../../api/domain/documents/file-types.ts';
import { ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Alert, Button, TextField } from '../shared/ui.tsx';
import { publicRequest } from '../citizen/client.ts';
import { megabytes, pinHeaders, type LookupDocument, type LookupResult } from './types.ts';

interface Props {
  code: string;
  pin: string;
  maxBytes: number;
  /** The supplement documents uploaded so far. */
  uploaded: LookupDocument[];
  /** After an upload: read the dossier again. */
  onUploaded: () => void;
  /** After «Đã bổ sung đủ»: the dossier as it now is. */
  onDone: (r: LookupResult) => void;
}

const messageOf = (err: unknown, fallback: string) => (err instanceof ApiError ? [err.message, ...err.details.map((d) => d.message)].join(': ') : fallback);

export function SupplementUpload({ code, pin, maxBytes, uploaded, onUploaded, onDone }: Props) {
  const m = useT();
  const l = m.lookup;
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ title?: string; file?: string }>({});
  const [busy, setBusy] = useState<'upload' | 'done' | null>(null);
  const [note, setNote] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const path = `/api/public/dossiers/${encodeURIComponent(code)}/supplement`;

  const pick = async (f: File | null) => {
    setFile(f);
    if (!f) return setErrors((e) => ({ ...e, file: undefined }));
    const type = fileTypeOf(new Uint8Array(await f.slice(0, SIGNATURE_BYTES).arrayBuffer()));
    setErrors((e) => ({ ...e, file: !type ? l.fileType : f.size > maxBytes ? l.fileSize(megabytes(maxBytes)) : undefined }));
  };

  const send = async (e: Event) => {
    e.preventDefault();
    const next = { title: title.trim().length < 2 ? l.titleRequired : undefined, file: !file ? l.fileRequired : errors.file };
    setErrors(next);
    if (next.title || next.file) return;
    setBusy('upload');
    setNote(null);
    const body = new FormData();
    body.append('title', title.trim());
    body.append('file', file!, file!.name);
    try {
      await publicRequest('POST', `${path}/documents`, body, undefined, pinHeaders(pin));
      setNote({ kind: 'success', text: l.uploaded(title.trim()) });
      setTitle('');
      setFile(null);
      setInputKey((k) => k + 1);
      onUploaded();
    } catch (err) {
      const fileError = err instanceof ApiError ? err.details.find((d) => d.field === 'file') : undefined;
      if (fileError) setErrors({ file: messageOf(err, m.errors.generic) });
      else setNote({ kind: 'error', text: messageOf(err, m.errors.generic) });
    } finally {
      setBusy(null);
    }
  };

  const done = async () => {
    setBusy('done');
    setNote(null);
    try {
      onDone(await publicRequest<LookupResult>('POST', path, undefined, undefined, pinHeaders(pin)));
    } catch (err) {
      setNote({ kind: 'error', text: messageOf(err, m.errors.generic) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="lookup-upload" aria-labelledby="lookup-upload-title">
      <h3 id="lookup-upload-title">{l.upload}</h3>
      <form class="form" onSubmit={send} noValidate>
        <TextField label={l.docTitle} name="title" value={title} onValue={setTitle} error={errors.title} required />
        <div class={`field${errors.file ? ' field--error' : ''}`}>
          <label for="lookup-file">{l.file}<span class="required" aria-hidden="true"> *</span></label>
          <input key={inputKey} id="lookup-file" type="file" accept="application/pdf,image/jpeg,image/png,image/tiff" required
            aria-invalid={errors.file ? 'true' : undefined} aria-describedby={errors.file ? 'lookup-file-hint lookup-file-error' : 'lookup-file-hint'}
            onChange={(e) => void pick((e.target as HTMLInputElement).files?.[0] ?? null)} />
          <p class="hint" id="lookup-file-hint">{l.fileHint(megabytes(maxBytes))}</p>
          {errors.file ? <p class="error" id="lookup-file-error">{errors.file}</p> : null}
        </div>
        <Button type="submit" busy={busy === 'upload'}>{l.send}</Button>
      </form>
      {note ? <Alert kind={note.kind}>{note.text}</Alert> : null}
      {uploaded.length ? (
        <>
          <h4>{l.uploadedList}</h4>
          <ul class="lookup-docs">{uploaded.map((d) => <li key={d.id}>{d.title}</li>)}</ul>
        </>
      ) : null}
      <div class="lookup-done">
        <Button variant="primary" onClick={() => void done()} busy={busy === 'done'} disabled={!uploaded.length} aria-describedby="lookup-done-hint">{l.done}</Button>
        <p class="hint muted" id="lookup-done-hint">{l.doneHint}</p>
      </div>
    </section>
  );
}
