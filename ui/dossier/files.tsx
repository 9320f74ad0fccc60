/**
 * The dossier's digitised documents (open or download) and the forms of Circular 03/2025 that
 * exist for its state, each opened as a PDF in a new window through the API client (the token is
 * sent; a plain link could not). An error is shown beside the button that caused it.
 */
import { useState } from 'preact/hooks';
import { api } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { dateTime } from '../shared/format.ts';
import { Alert, Button } from '../shared/ui.tsx';
import { dossierPath, errorText, type DocumentItem, type FormNo } from './data.ts';

/**
 * Opens a file of the API in a new window. The window is opened at the click (a window opened
 * after an await is blocked as a pop-up), then sent to the file once it has arrived.
 */
async function openInWindow(path: string): Promise<'ok' | 'blocked'> {
  const w = window.open('', '_blank');
  if (!w) return 'blocked';
  try {
    const url = await api.blobUrl(path);
    w.opener = null;
    w.location.href = url;
    return 'ok';
  } catch (err) {
    w.close();
    throw err;
  }
}

async function download(path: string, fileName: string): Promise<void> {
  const url = await api.blobUrl(path);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function size(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Runs a file action with its own busy state and error, shown beside it. */
function useFileAction() {
  const m = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; text: string } | null>(null);
  const run = async (id: string, fn: () => Promise<'ok' | 'blocked' | void>) => {
    setBusy(id);
    setError(null);
    try {
      if ((await fn()) === 'blocked') setError({ id, text: m.dossier.popupBlocked });
    } catch (err) {
      setError({ id, text: errorText(err, m.errors.generic) });
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

export function Documents({ code, documents, error }: { code: string; documents: DocumentItem[] | null; error: string | null }) {
  const m = useT();
  const d = m.dossier;
  const { busy, error: fileError, run } = useFileAction();
  return (
    <section class="card dossier-card" aria-labelledby="dossier-documents">
      <h2 id="dossier-documents">{d.documents}</h2>
      {error ? <Alert>{error}</Alert> : null}
      {!documents && !error ? <p class="muted" role="status">{m.app.loading}</p> : null}
      {documents && !documents.length ? <p class="muted">{d.documentsEmpty}</p> : null}
      {documents && documents.length ? (
        <ul class="files">
          {documents.map((doc) => {
            const path = dossierPath(code, `/documents/${doc.id}`);
            return (
              <li key={doc.id} class="files__item">
                <div class="files__text">
                  <span class="files__title">{doc.title}</span>
                  <span class="muted files__meta">{d.documentKinds[doc.kind] ?? doc.kind} · {doc.fileName} · {size(doc.size)} · <time dateTime={doc.createdAt}>{dateTime(doc.createdAt)}</time></span>
                  {fileError?.id.startsWith(doc.id) ? <p class="error" role="alert">{fileError.text}</p> : null}
                </div>
                <div class="files__buttons">
                  <Button variant="ghost" busy={busy === doc.id} aria-label={d.openNamed(doc.title)} onClick={() => void run(doc.id, () => openInWindow(path))}>{d.open}</Button>
                  <Button variant="ghost" busy={busy === `${doc.id}-dl`} aria-label={d.downloadNamed(doc.title)} onClick={() => void run(`${doc.id}-dl`, () => download(path, doc.fileName))}>{d.download}</Button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

export function Forms({ code, forms }: { code: string; forms: FormNo[] }) {
  const d = useT().dossier;
  const { busy, error, run } = useFileAction();
  return (
    <section class="card dossier-card" aria-labelledby="dossier-forms">
      <h2 id="dossier-forms">{d.forms}</h2>
      {!forms.length ? <p class="muted">{d.formsEmpty}</p> : (
        <ul class="files">
          {forms.map((no) => (
            <li key={no} class="files__item">
              <div class="files__text">
                <span class="files__title"><span class="form-no">{d.formNo(no)}</span> {d.formNames[no]}</span>
                {error?.id === no ? <p class="error" role="alert">{error.text}</p> : null}
              </div>
              <div class="files__buttons">
                <Button variant="ghost" busy={busy === no} data-form={no} aria-label={`${d.openPdf}: ${d.formNo(no)}, ${d.formNames[no]}`}
                  onClick={() => void run(no, () => openInWindow(dossierPath(code, `/forms/${no}.pdf`)))}>{d.openPdf}</Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
