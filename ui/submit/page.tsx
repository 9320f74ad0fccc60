/**
 * `/nop-ho-so/:procedureId` (no officer login): online submission (Decree 118 Art. 17.2). The
 * applicant verifies their identity (VNeID; an applicant token), fills the procedure's form drawn
 * from its JSON Schema by the desk's renderer, attaches documents, and gets the receipt with the
 * dossier's code and the lookup link. Errors are shown beside each field and summarised on top.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import '../desk/desk.css';
import '../citizen/citizen.css';
import { ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { usePageTitle, type PageProps } from '../shared/page.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Button, Loading } from '../shared/ui.tsx';
import { PublicHead } from '../citizen/public-head.tsx';
import { publicRequest } from '../citizen/client.ts';
import { ErrorSummary } from '../desk/error-summary.tsx';
import { cap, problemsOf, splitServerErrors } from '../desk/problems.ts';
import { checkForm, type Errors } from '../desk/schema-check.ts';
import { SchemaForm } from '../desk/schema-form.tsx';
import { buildFormData, initialCounts, type FormState } from '../desk/schema-values.ts';
import type { ProcedureDetail } from '../desk/types.ts';
import { Files, titleOf, type CitizenFile } from './files.tsx';
import { Identify, type ApplicantAuth } from './identify.tsx';
import { ReceiptView, type OnlineReceipt } from './receipt.tsx';

type Detail = ProcedureDetail & { online: boolean };

export default function SubmitPage({ params }: PageProps) {
  const m = useT();
  const lang = useLang();
  const c = m.citizen;
  usePageTitle(c.submitTitle);
  const id = params.procedureId ?? '';
  const [detail, setDetail] = useState<Detail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [auth, setAuth] = useState<ApplicantAuth | null>(null);
  const [expired, setExpired] = useState<string | null>(null);
  const [form, setForm] = useState<FormState>({ values: {}, counts: {} });
  const [files, setFiles] = useState<CitizenFile[]>([]);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<{ fields: Errors; other: Array<{ field: string; message: string }> } | null>(null);
  const [globalError, setGlobalError] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<OnlineReceipt | null>(null);

  useEffect(() => {
    publicRequest<Detail>('GET', `/api/public/procedures/${encodeURIComponent(id)}`).then((p) => {
      setDetail(p);
      if (p.formSchemaResolved) setForm((f) => ({ ...f, counts: { ...initialCounts(p.formSchemaResolved!), ...f.counts } }));
    }, (err) => setLoadError(err instanceof ApiError ? err.message : m.errors.generic));
  }, [id]);

  const schema = detail?.formSchemaResolved ?? null;
  const formData = useMemo(() => (schema ? buildFormData(schema, form) : {}), [schema, form]);
  const client = useMemo(() => (schema ? checkForm(schema, formData, m.desk.check) : {}), [schema, formData, lang]);
  const errorOf = (path: string) => {
    const s = server?.fields[path];
    if (s) return cap(s);
    const e = client[path];
    return e && (submitted || (touched.has(path) && e !== m.desk.check.required)) ? cap(e) : undefined;
  };
  const shown: Errors = {};
  for (const path of new Set([...Object.keys(server?.fields ?? {}), ...(submitted ? Object.keys(client) : [])])) {
    const e = errorOf(path);
    if (e) shown[path] = e;
  }
  const problems = problemsOf({ schema, shown: submitted || server ? shown : {}, other: server?.other ?? [], docs: [], showDocs: false, m });

  const identified = (a: ApplicantAuth) => {
    setAuth(a);
    setExpired(null);
    setForm((f) => ({ ...f, values: { ...f.values, 'applicant.personalId': a.idNumber } }));
    setTimeout(() => document.querySelector<HTMLElement>('#citizen-form input, #citizen-form select')?.focus(), 0);
  };

  const uploadAll = async (code: string, token: string, list: CitizenFile[]) => {
    const docs = detail?.requiredDocuments ?? [];
    const out: CitizenFile[] = [];
    let i = 0;
    for (const f of list) {
      i++;
      if (f.status === 'done') { out.push(f); continue; }
      setBusy(c.uploading(i, list.length));
      const body = new FormData();
      body.append('title', titleOf(f, docs, c.docOther));
      body.append('file', f.file, f.file.name);
      try {
        await publicRequest('POST', `/api/public/dossiers/${encodeURIComponent(code)}/documents`, body, token);
        out.push({ ...f, status: 'done', error: undefined });
      } catch (err) {
        const why = err instanceof ApiError ? [err.message, ...err.details.map((d) => d.message)].join(' — ') : m.errors.generic;
        out.push({ ...f, status: 'failed', error: c.uploadFailed(f.file.name, why) });
      }
    }
    setFiles(out);
    return out;
  };

  const submit = async () => {
    if (!schema || !detail || !auth || busy) return;
    setSubmitted(true);
    setServer(null);
    setGlobalError(null);
    if (Object.keys(client).length) return setFocusKey((k) => k + 1);
    setBusy(c.submitting);
    try {
      const r = await publicRequest<OnlineReceipt>('POST', '/api/public/dossiers', { procedureId: detail.id, formData }, auth.token);
      await uploadAll(r.code, auth.token, files);
      setReceipt(r);
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'APPLICANT_TOKEN_REQUIRED') {
        setAuth(null);
        setExpired(c.expired);
      } else if (err instanceof ApiError) {
        setServer(splitServerErrors(err));
        setGlobalError(err.details.length ? m.desk.summary.server(err.message) : err.message);
      } else setGlobalError(m.errors.generic);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(null);
    }
  };

  const failed = files.filter((f) => f.status === 'failed');
  const name = detail ? (lang === 'vi' ? detail.nameVi : detail.nameEn) : '';
  return (
    <div class="public citizen">
      <PublicHead />
      <main id="main" class="public__body">
        <p><Link href="/thu-tuc">{c.back}</Link></p>
        <h1>{c.submitTitle}</h1>
        {name ? <p class="citizen-proc__name">{name}</p> : null}
        {loadError ? <Alert>{loadError}</Alert> : null}
        {!detail && !loadError ? <Loading /> : null}
        {detail && !detail.online ? <Alert kind="warning">{c.notOnline}</Alert> : null}
        {receipt ? (
          <>
            <ReceiptView r={receipt} docs={files.filter((f) => f.status === 'done').length} />
            {failed.length ? (
              <div class="citizen-section">
                <Alert>{failed.map((f) => <p key={f.key}>{f.error}</p>)}</Alert>
                {auth ? <Button busy={!!busy} onClick={() => void uploadAll(receipt.code, auth.token, files)}>{c.retryUploads}</Button> : null}
              </div>
            ) : null}
          </>
        ) : detail?.online && schema ? (
          <>
            {auth ? (
              <section class="card citizen-section" aria-labelledby="identified-title">
                <p class="citizen-step">{c.step(1, 3)}</p>
                <h2 id="identified-title">{c.identifyTitle}</h2>
                <p class="citizen-ok">✓ {c.identified(auth.masked)}</p>
              </section>
            ) : <Identify onDone={identified} notice={expired} />}
            {auth ? (
              <form id="citizen-form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
                <ErrorSummary problems={problems} focusKey={focusKey} title={globalError && !problems.length ? globalError : undefined} />
                <section class="card citizen-section" aria-labelledby="form-title">
                  <p class="citizen-step">{c.step(2, 3)}</p>
                  <h2 id="form-title">{c.formTitle}<span class="desk-subtitle"> — {schema.title}</span></h2>
                  <p class="hint">{m.desk.form.requiredNote}</p>
                  <SchemaForm schema={schema} state={form} onState={(fn) => setForm(fn)} errorOf={errorOf} onTouch={(p) => setTouched((s) => (s.has(p) ? s : new Set(s).add(p)))} />
                </section>
                <section class="card citizen-section" aria-labelledby="docs-title">
                  <p class="citizen-step">{c.step(3, 3)}</p>
                  <h2 id="docs-title">{c.docsTitle}</h2>
                  <Files files={files} onFiles={(fn) => setFiles(fn)} docs={detail.requiredDocuments ?? []} />
                </section>
                {globalError && problems.length ? <p class="error" role="status">{globalError}</p> : null}
                <div class="citizen-actions">
                  <Button type="submit" variant="primary" busy={!!busy}>{busy ?? c.submit}</Button>
                </div>
              </form>
            ) : null}
          </>
        ) : null}
      </main>
    </div>
  );
}
