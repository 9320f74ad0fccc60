/**
 * `/tra-cuu` (no login): a citizen looks up a dossier by its code (`/tra-cuu?ma=CODE`, the QR code
 * printed on form 01). The bare code shows the status, the deadline state in its colour and the due
 * date; with the lookup PIN (kept in the page, never in the URL) the masked applicant, the documents
 * and what to do next in detail — and, when a supplement is asked for, the upload of the missing
 * documents. Built for a phone.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import '../citizen/citizen.css';
import './lookup.css';
import { PublicHead } from '../citizen/public-head.tsx';
import { publicRequest } from '../citizen/client.ts';
import { usePageTitle } from '../shared/page.ts';
import { setQuery, useLocation } from '../shared/router.tsx';
import { Alert, Button, SlaBadge, StatusBadge, TextField } from '../shared/ui.tsx';
import { dateTime } from '../shared/format.ts';
import { NextStepPanel } from './next-step.tsx';
import { isPin, pinHeaders, type LookupResult } from './types.ts';

const dateOrNull = (iso: string | null | undefined) => (iso ? dateTime(iso) : null);

export default function LookupPage() {
  const m = useT();
  const l = m.lookup;
  const lang = useLang();
  usePageTitle(l.title);
  const { search } = useLocation();
  const code = search.get('ma') ?? '';
  const [input, setInput] = useState(code);
  const [pinInput, setPinInput] = useState('');
  /** The PIN the shown result was asked with (empty: the bare code). */
  const [pin, setPin] = useState('');
  const [reload, setReload] = useState(0);
  const [result, setResult] = useState<LookupResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pinError, setPinError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nextRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!code) return;
    let live = true;
    setBusy(true);
    setError(null);
    publicRequest<LookupResult>('GET', `/api/public/dossiers/${encodeURIComponent(code)}`, undefined, undefined, pin ? pinHeaders(pin) : {})
      .then((d) => live && setResult(d), (err) => {
        if (!live) return;
        if (err instanceof ApiError && err.code === 'WRONG_LOOKUP_PIN') {
          setPinError(err.details[0]?.message ? `${err.message}: ${err.details[0].message}` : err.message);
          setPin('');
          return;
        }
        setResult(null);
        setError(err instanceof ApiError && err.status === 404 ? l.notFound(code) : err instanceof ApiError ? err.message : m.errors.generic);
      })
      .finally(() => live && setBusy(false));
    return () => { live = false; };
  }, [code, lang, pin, reload]);

  const submit = (e: Event) => {
    e.preventDefault();
    const v = input.trim().toUpperCase();
    setNotice(null);
    if (!v) return setError(l.required);
    if (pinInput.trim() && !isPin(pinInput)) return setPinError(l.pinFormat);
    setPinError(undefined);
    if (v !== code) setResult(null);
    setPin(pinInput.trim());
    setReload((n) => n + 1);
    setQuery({ ma: v });
  };

  const supplemented = (r: LookupResult) => {
    setResult(r);
    setNotice(l.doneOk);
    setTimeout(() => nextRef.current?.focus(), 0);
  };

  const row = (label: string, value: string | null | undefined) => (value ? <div class="kv"><dt>{label}</dt><dd>{value}</dd></div> : null);
  const shown = result && result.code === code.toUpperCase() ? result : null;
  return (
    <div class="public">
      <PublicHead />
      <main id="main" class="public__body">
        <h1>{l.title}</h1>
        <p class="muted">{l.intro}</p>
        <form class="form lookup-form" onSubmit={submit} role="search" noValidate>
          <TextField label={l.code} name="ma" value={input} onValue={setInput} hint={l.codeHint} autoCapitalize="characters" spellcheck={false} />
          <TextField label={l.pin} name="pin" value={pinInput} onValue={(v) => { setPinInput(v); setPinError(undefined); }} hint={l.pinHint} error={pinError}
            inputMode="numeric" autoComplete="off" maxLength={7} spellcheck={false} />
          <Button type="submit" variant="primary" busy={busy}>{l.submit}</Button>
        </form>
        {error ? <Alert>{error}</Alert> : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
        {shown ? (
          <>
            <section class="card lookup-result" aria-labelledby="lookup-code">
              <h2 id="lookup-code">{shown.code}</h2>
              <p class="lookup-badges"><StatusBadge status={shown.status} /><SlaBadge sla={shown.sla} showDue={false} /></p>
              {shown.pinVerified ? <p class="lookup-verified">✓ {l.verified}</p> : null}
              <dl>
                {row(l.procedure, lang === 'vi' ? shown.procedureVi : shown.procedureEn)}
                {row(l.applicant, shown.applicant)}
                {row(l.agency, shown.agency)}
                {row(l.receivedAt, dateOrNull(shown.receivedAt ?? shown.submittedAt))}
                {row(l.dueAt, dateOrNull(shown.dueAt))}
                {row(l.finishedAt, dateOrNull(shown.finishedAt))}
              </dl>
            </section>
            <div ref={nextRef} tabIndex={-1}>
              <NextStepPanel result={shown} pin={pin} onChanged={() => setReload((n) => n + 1)} onSupplemented={supplemented} />
            </div>
            {shown.documents ? (
              <section class="card lookup-docs-card" aria-labelledby="lookup-docs-title">
                <h2 id="lookup-docs-title">{l.documents}</h2>
                {shown.documents.length ? (
                  <ul class="lookup-docs">
                    {shown.documents.map((d) => <li key={d.id}>{d.title}{d.kind === 'supplement' ? <span class="lookup-doc-kind"> ({l.supplementDoc})</span> : null}</li>)}
                  </ul>
                ) : <p class="muted">{l.noDocuments}</p>}
              </section>
            ) : null}
          </>
        ) : null}
      </main>
    </div>
  );
}
