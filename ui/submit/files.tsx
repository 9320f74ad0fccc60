/**
 * The documents the applicant attaches: chosen files checked as the API checks them (type by
 * content, size; the desk's `admit`), each named as one of the procedure's required documents.
 */
import { useId, useState } from 'preact/hooks';
import { useLang, useT } from '../shared/i18n.ts';
import { Button } from '../shared/ui.tsx';
import { admit, sizeText, type Refused } from '../desk/doc-model.ts';
import type { RequiredDocument } from '../desk/types.ts';

export interface CitizenFile {
  key: string;
  file: File;
  /** Index in the procedure's required documents, or -1 for another document. */
  doc: number;
  status: 'pending' | 'done' | 'failed';
  error?: string;
}

export function titleOf(f: CitizenFile, docs: RequiredDocument[], other: string): string {
  const d = docs[f.doc];
  return (d ? d.nameVi : `${other}: ${f.file.name.replace(/\.[^.]+$/, '')}`).slice(0, 300);
}

export function Files({ files, onFiles, docs }: { files: CitizenFile[]; onFiles: (fn: (f: CitizenFile[]) => CitizenFile[]) => void; docs: RequiredDocument[] }) {
  const m = useT();
  const lang = useLang();
  const c = m.citizen;
  const id = useId();
  const [refused, setRefused] = useState<Refused[]>([]);
  const pick = async (list: FileList | null) => {
    if (!list) return;
    const { added, refused: bad } = await admit([...list], {}, m);
    setRefused(bad);
    onFiles((fs) => {
      const used = new Set(fs.map((f) => f.doc));
      return [...fs, ...added.map((a) => {
        const next = docs.findIndex((_, i) => !used.has(i));
        if (next >= 0) used.add(next);
        return { key: a.key, file: a.file!, doc: next, status: 'pending' as const };
      })];
    });
  };
  return (
    <div class="citizen-section">
      <p class="hint">{c.docsIntro}</p>
      <div class="field">
        <label for={id}>{c.chooseFile}</label>
        <input id={id} type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
          onChange={(e) => { const el = e.target as HTMLInputElement; void pick(el.files).then(() => { el.value = ''; }); }} />
      </div>
      {refused.length ? (
        <div class="alert alert--error" role="alert"><ul>{refused.map((r, i) => <li key={i}><strong>{r.name}</strong>: {r.reason}</li>)}</ul></div>
      ) : null}
      {files.length === 0 ? <p class="muted">{c.noDocs}</p> : (
        <ul class="citizen-files">
          {files.map((f) => (
            <li key={f.key} class="citizen-file">
              <div class="citizen-file__head">
                <span><strong>{f.file.name}</strong> <span class="muted">({sizeText(f.file.size)})</span></span>
                <Button variant="ghost" aria-label={c.removeDoc(f.file.name)} onClick={() => onFiles((fs) => fs.filter((x) => x.key !== f.key))}>✕</Button>
              </div>
              <div class="field">
                <label for={`${f.key}-doc`}>{c.docFor}</label>
                <select id={`${f.key}-doc`} value={String(f.doc)} onChange={(e) => { const v = Number((e.target as HTMLSelectElement).value); onFiles((fs) => fs.map((x) => (x.key === f.key ? { ...x, doc: v } : x))); }}>
                  {docs.map((d, i) => <option key={i} value={String(i)}>{lang === 'vi' ? d.nameVi : d.nameEn}</option>)}
                  <option value="-1">{c.docOther}</option>
                </select>
              </div>
              {f.error ? <p class="error">{f.error}</p> : f.status === 'done' ? <p class="citizen-ok">✓</p> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
