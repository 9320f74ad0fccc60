/**
 * A form of Circular 03 (01 receipt, 02 supplement request, 03 refusal) as a real link that opens
 * the PDF in a new tab: the PDF is fetched with the session's token as soon as the link is shown,
 * so that the click itself opens it (no pop-up blocker in the way).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Button } from '../shared/ui.tsx';

export function FormLink({ code, form, label, primary }: { code: string; form: '01' | '02' | '03'; label: string; primary?: boolean }) {
  const m = useT();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    setError(null);
    api.blobUrl(`/api/dossiers/${encodeURIComponent(code)}/forms/${form}.pdf`).then((u) => {
      made = u;
      if (live) setUrl(u);
      else URL.revokeObjectURL(u);
    }, (err) => live && setError(err instanceof ApiError ? err.message : m.errors.generic));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [code, form, attempt]);

  const cls = `btn btn--${primary ? 'primary' : 'secondary'} desk-print`;
  if (error) {
    return (
      <span class="desk-print-failed">
        <span class="error" role="alert">{m.desk.receipt.printFailed}: {error}</span>{' '}
        <Button onClick={() => setAttempt((n) => n + 1)}>{m.app.retry}</Button>
      </span>
    );
  }
  if (!url) return <span class={`${cls} desk-print--wait`} role="status" aria-disabled="true">{m.desk.receipt.preparing}</span>;
  return (
    <a class={cls} href={url} target="_blank" data-form={form}>
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24"><path fill="currentColor" d="M19 8H5a3 3 0 0 0-3 3v6h4v4h12v-4h4v-6a3 3 0 0 0-3-3zm-3 11H8v-5h8zm3-7a1 1 0 1 1 1-1 1 1 0 0 1-1 1zm-1-9H6v4h12z" /></svg>
      {label}
      <span class="desk-visually-hidden"> ({m.desk.receipt.newTab})</span>
    </a>
  );
}
