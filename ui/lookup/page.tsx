/**
 * `/tra-cuu` (no login): a citizen looks up a dossier by its code (`/tra-cuu?ma=CODE`, the link
 * printed on form 01) and sees its status and due date; personal data comes masked from the API.
 * Built for a phone.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import '../citizen/citizen.css';
import { PublicHead } from '../citizen/public-head.tsx';
import { usePageTitle } from '../shared/page.ts';
import { setQuery, useLocation } from '../shared/router.tsx';
import { Alert, Button, StatusBadge, TextField } from '../shared/ui.tsx';
import { dateTime } from '../shared/format.ts';

interface PublicDossier {
  code: string;
  procedureVi: string;
  procedureEn: string;
  agency: string;
  applicant: string;
  status: string;
  statusVi: string;
  statusEn: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
}

const dateOrNull = (iso: string | null) => (iso ? dateTime(iso) : null);

export default function LookupPage() {
  const m = useT();
  const lang = useLang();
  usePageTitle(m.lookup.title);
  const { search } = useLocation();
  const code = search.get('ma') ?? '';
  const [input, setInput] = useState(code);
  const [result, setResult] = useState<PublicDossier | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!code) return;
    setBusy(true);
    setError(null);
    api.get<PublicDossier>(`/api/public/dossiers/${encodeURIComponent(code)}`)
      .then((d) => setResult(d), (err) => {
        setResult(null);
        setError(err instanceof ApiError && err.status === 404 ? m.lookup.notFound(code) : err instanceof ApiError ? err.message : m.errors.generic);
      })
      .finally(() => setBusy(false));
  }, [code, lang]);

  const submit = (e: Event) => {
    e.preventDefault();
    const v = input.trim().toUpperCase();
    if (!v) return setError(m.lookup.required);
    setQuery({ ma: v });
  };

  const row = (label: string, value: string | null) => (value ? <div class="kv"><dt>{label}</dt><dd>{value}</dd></div> : null);
  return (
    <div class="public">
      <PublicHead />
      <main id="main" class="public__body">
        <h1>{m.lookup.title}</h1>
        <p class="muted">{m.lookup.intro}</p>
        <form class="form lookup-form" onSubmit={submit} role="search">
          <TextField label={m.lookup.code} name="ma" value={input} onValue={setInput} hint={m.lookup.codeHint} autoCapitalize="characters" spellcheck={false} />
          <Button type="submit" variant="primary" busy={busy}>{m.lookup.submit}</Button>
        </form>
        {error ? <Alert>{error}</Alert> : null}
        {result ? (
          <section class="card lookup-result" aria-labelledby="lookup-code">
            <h2 id="lookup-code">{result.code}</h2>
            <p><StatusBadge status={result.status} /></p>
            <dl>
              {row(m.lookup.procedure, lang === 'vi' ? result.procedureVi : result.procedureEn)}
              {row(m.lookup.applicant, result.applicant)}
              {row(m.lookup.agency, result.agency)}
              {row(m.lookup.receivedAt, dateOrNull(result.receivedAt ?? result.submittedAt))}
              {row(m.lookup.dueAt, dateOrNull(result.dueAt))}
              {row(m.lookup.finishedAt, dateOrNull(result.finishedAt))}
            </dl>
          </section>
        ) : null}
      </main>
    </div>
  );
}
