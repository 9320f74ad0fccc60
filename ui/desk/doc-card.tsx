/** One scanned document: its file, upload status and Art. 19 metadata fields. */
import { useRef } from 'preact/hooks';
import { useLang, useT } from '../shared/i18n.ts';
import { Button } from '../shared/ui.tsx';
import { checkDoc, sizeText, sniff, type DocEntry } from './doc-model.ts';
import { Field } from './fields.tsx';
import type { Procedure } from './types.ts';

export const docFieldId = (key: string, field: string) => `doc-${key}-${field.replace(/\./g, '-')}`;

export interface DocCardProps {
  entry: DocEntry;
  index: number;
  procedure: Procedure;
  showErrors: boolean;
  onChange: (patch: Partial<DocEntry>) => void;
  onRemove: () => void;
  onUpload?: (key: string) => void;
}

export function DocCard({ entry: e, index, procedure, showErrors, onChange, onRemove, onUpload }: DocCardProps) {
  const m = useT();
  const lang = useLang();
  const d = m.desk.docs;
  const again = useRef<HTMLInputElement>(null);
  const client = checkDoc(e, m);
  const err = (f: string) => e.errors?.[f] ?? (showErrors || e.status === 'failed' ? client[f] : undefined);
  const locked = e.status === 'uploading' || e.status === 'done';
  const f = (field: string, label: string, value: string, set: (v: string) => void, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field id={docFieldId(e.key, field)} label={label} kind="text" value={value} onValue={(v) => set(String(v))} error={err(field)} required {...extra} />
  );
  const reqDocs = procedure.requiredDocuments ?? [];
  const base = procedure.nationalCode ?? procedure.id;
  const chosen = reqDocs.findIndex((_, i) => e.typeCode === `${base}.${i + 1}`);
  const label = d.item(index + 1, e.fileName);

  if (e.status === 'done') {
    return (
      <article class="desk-doc desk-doc--done" aria-label={label}>
        <p class="desk-doc__head"><span class="desk-doc__status desk-doc__status--done">✓ {d.status.done}</span> <strong>{e.title}</strong> <span class="muted">· {e.fileName} · {sizeText(e.size)}</span></p>
      </article>
    );
  }
  const replace = async (file: File | undefined) => {
    if (!file) return;
    const mime = await sniff(file);
    if (!mime) return onChange({ error: `${file.name}: ${d.badType}` });
    onChange({ file, fileName: file.name, size: file.size, mime, error: undefined, errors: undefined, status: 'pending' });
  };

  return (
    <article class={`desk-doc desk-doc--${e.status}`} aria-label={label}>
      <div class="desk-doc__head">
        <span class="desk-doc__type" aria-hidden="true">{e.mime === 'application/pdf' ? 'PDF' : e.mime.split('/')[1]?.toUpperCase() ?? '?'}</span>
        <span class="desk-doc__file"><span class="desk-filename">{e.fileName}</span> <span class="muted">· {sizeText(e.size)}</span></span>
        <span class={`desk-doc__status desk-doc__status--${e.status}`} role="status">
          {e.status === 'uploading' ? <><progress aria-label={d.status.uploading} /> {d.status.uploading}</> : onUpload ? d.status[e.status] : d.status.waiting}
        </span>
        {!locked ? <Button variant="ghost" onClick={onRemove} aria-label={d.removeFile(e.fileName)}>✕ {d.remove}</Button> : null}
      </div>
      {e.error ? <p class="error" role="alert" id={docFieldId(e.key, 'file')}>{e.error}{e.errors?.file ? ` (${e.errors.file})` : ''}</p> : null}
      {!e.file || e.status === 'failed' ? (
        <p class="desk-doc__again">
          {!e.file ? <span class="error">{d.chooseAgain}</span> : null}{' '}
          <Button onClick={() => again.current?.click()}>{e.file ? d.pickOther : d.pickAgain}</Button>
          <input ref={again} id={docFieldId(e.key, 'again')} type="file" class="desk-visually-hidden" tabIndex={-1} aria-label={e.file ? d.pickOther : d.pickAgain}
            accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff" onChange={(ev) => { const el = ev.target as HTMLInputElement; void replace(el.files?.[0]); el.value = ''; }} />
        </p>
      ) : null}
      <fieldset class="desk-doc__fields" disabled={locked}>
        <legend class="desk-visually-hidden">{d.metadata(e.fileName)}</legend>
        <div class="desk-grid">
          {reqDocs.length ? (
            <Field id={docFieldId(e.key, 'which')} label={d.which} kind="select" choose={d.other} value={chosen >= 0 ? String(chosen) : ''}
              options={reqDocs.map((r, i) => ({ value: String(i), label: lang === 'vi' ? r.nameVi : r.nameEn }))}
              onValue={(v) => {
                const i = Number(v);
                if (v === '' || !reqDocs[i]) return onChange({ typeCode: '' });
                onChange({ typeCode: `${base}.${i + 1}`, title: reqDocs[i]!.nameVi.slice(0, 300), summary: e.summary || reqDocs[i]!.nameVi.slice(0, 2000) });
              }} />
          ) : null}
          <Field id={docFieldId(e.key, 'kind')} label={d.kind} kind="select" value={e.kind} choose={d.kinds.input} required
            options={(['input', 'supplement', 'result'] as const).map((k) => ({ value: k, label: d.kinds[k] }))}
            onValue={(v) => onChange({ kind: (v || 'input') as DocEntry['kind'] })} />
          {f('typeCode', d.typeCode, e.typeCode, (v) => onChange({ typeCode: v }), { hint: d.typeCodeHint, maxLength: 40 })}
          {f('title', d.docTitle, e.title, (v) => onChange({ title: v }), { maxLength: 300, wide: true })}
          {f('metadata.idNumber', d.idNumber, e.idNumber, (v) => onChange({ idNumber: v }), { inputMode: 'numeric', maxLength: 12, hint: d.idNumberHint })}
          {f('metadata.holderName', d.holderName, e.holderName, (v) => onChange({ holderName: v }), { maxLength: 200 })}
          {f('metadata.scope', d.scope, e.scope, (v) => onChange({ scope: v }), { maxLength: 300, hint: d.scopeHint })}
          {f('metadata.summary', d.summary, e.summary, (v) => onChange({ summary: v }), { kind: 'textarea', maxLength: 2000, wide: true })}
          <div class="desk-valid">
            <Field id={docFieldId(e.key, 'indefinite')} label={d.indefinite} kind="checkbox" value={e.indefinite} onValue={(v) => onChange({ indefinite: v === true })} />
            {!e.indefinite ? <Field id={docFieldId(e.key, 'metadata.validUntil')} label={d.validUntil} kind="date" value={e.validUntil} required onValue={(v) => onChange({ validUntil: String(v) })} error={err('metadata.validUntil')} /> : null}
          </div>
        </div>
      </fieldset>
      {onUpload && (e.status === 'failed' || e.status === 'pending') ? (
        <div class="actions"><Button variant="primary" onClick={() => onUpload(e.key)}>{e.status === 'failed' ? d.retry : d.upload}</Button></div>
      ) : null}
    </article>
  );
}
