/**
 * The feedback form: VNeID identification (as an online submission: only under one's own ID number),
 * the `feedback-petition` form drawn from its JSON Schema (subject, content, consent to publish the
 * answer…), the centre to send it to; the receipt gives the code and the lookup link.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { dateTime } from '../shared/format.ts';
import { usePageTitle } from '../shared/page.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Button, Loading, SelectField } from '../shared/ui.tsx';
import { publicRequest, type Centre } from '../citizen/client.ts';
import { ErrorSummary } from '../desk/error-summary.tsx';
import { cap, problemsOf, splitServerErrors } from '../desk/problems.ts';
import { checkForm, type Errors } from '../desk/schema-check.ts';
import { SchemaForm } from '../desk/schema-form.tsx';
import { buildFormData, initialCounts, type FormState } from '../desk/schema-values.ts';
import type { ProcedureDetail } from '../desk/types.ts';
import { Identify, type ApplicantAuth } from '../submit/identify.tsx';

interface FeedbackReceipt { code: string; status: string; centre: string; submittedAt: string | null; reviewDueAt: string | null; lookup: string }

export function FeedbackForm() {
  const m = useT();
  const lang = useLang();
  const f = m.feedback;
  const c = m.citizen;
  usePageTitle(f.title);
  const [detail, setDetail] = useState<ProcedureDetail | null>(null);
  const [centres, setCentres] = useState<Centre[]>([]);
  const [centreId, setCentreId] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [auth, setAuth] = useState<ApplicantAuth | null>(null);
  const [expired, setExpired] = useState<string | null>(null);
  const [form, setForm] = useState<FormState>({ values: {}, counts: {} });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<{ fields: Errors; other: Array<{ field: string; message: string }> } | null>(null);
  const [globalError, setGlobalError] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<FeedbackReceipt | null>(null);

  useEffect(() => {
    const fail = (err: unknown) => setLoadError(err instanceof ApiError ? err.message : m.errors.generic);
    publicRequest<ProcedureDetail>('GET', '/api/public/procedures/feedback-petition').then((p) => {
      setDetail(p);
      if (p.formSchemaResolved) setForm((s) => ({ values: { resultDelivery: 'truc_tuyen', ...s.values }, counts: { ...initialCounts(p.formSchemaResolved!), ...s.counts } }));
    }, fail);
    publicRequest<Centre[]>('GET', '/api/public/centres').then((list) => {
      setCentres(list);
      setCentreId((id) => id || list[0]?.id || '');
    }, fail);
  }, []);

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
  const centreError = server?.other.find((o) => o.field === 'centreId')?.message;

  const identified = (a: ApplicantAuth) => {
    setAuth(a);
    setExpired(null);
    setForm((s) => ({ ...s, values: { ...s.values, 'applicant.personalId': a.idNumber } }));
    setTimeout(() => document.querySelector<HTMLElement>('#feedback-form input, #feedback-form select')?.focus(), 0);
  };

  const submit = async () => {
    if (!schema || !auth || busy) return;
    setSubmitted(true);
    setServer(null);
    setGlobalError(null);
    if (Object.keys(client).length) return setFocusKey((k) => k + 1);
    setBusy(true);
    try {
      const r = await publicRequest<FeedbackReceipt>('POST', '/api/public/feedback', { ...(centreId ? { centreId } : {}), formData }, auth.token);
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
      setBusy(false);
    }
  };

  if (receipt) {
    const row = (label: string, value: string) => <div class="kv"><dt>{label}</dt><dd>{value}</dd></div>;
    return (
      <>
        <h1>{f.title}</h1>
        <section class="card citizen-section" aria-labelledby="receipt-title">
          <h2 id="receipt-title">✓ {f.receiptTitle}</h2>
          <p>{f.receiptIntro}</p>
          <div>
            <p class="muted">{c.receiptCode}</p>
            <p class="citizen-code-big" id="receipt-code">{receipt.code}</p>
            <p class="hint">{c.receiptKeep}</p>
          </div>
          <dl>
            {row(m.lookup.agency, receipt.centre)}
            {row(c.submittedAt, dateTime(receipt.submittedAt))}
            {row(c.reviewBy, dateTime(receipt.reviewDueAt))}
          </dl>
          <div class="citizen-actions">
            <Link href={receipt.lookup} class="btn btn--primary">{c.trackIt}</Link>
            <Link href="/phan-anh/cong-khai" class="btn">{f.published}</Link>
          </div>
        </section>
      </>
    );
  }

  return (
    <>
      <h1>{f.title}</h1>
      <p class="muted">{f.intro}</p>
      <p class="feedback-links"><Link href="/phan-anh/cong-khai">{f.published}</Link></p>
      {loadError ? <Alert>{loadError}</Alert> : null}
      {!schema && !loadError ? <Loading /> : null}
      {schema ? (
        <>
          {auth ? (
            <section class="card citizen-section" aria-labelledby="identified-title">
              <p class="citizen-step">{c.step(1, 3)}</p>
              <h2 id="identified-title">{c.identifyTitle}</h2>
              <p class="citizen-ok">✓ {c.identified(auth.masked)}</p>
            </section>
          ) : <Identify onDone={identified} notice={expired} />}
          {auth ? (
            <form id="feedback-form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
              <ErrorSummary problems={problems} focusKey={focusKey} title={globalError && !problems.length ? globalError : problems.length ? m.rating.summary(problems.length) : undefined} />
              <section class="card citizen-section" aria-labelledby="fb-form-title">
                <p class="citizen-step">{c.step(2, 3)}</p>
                <h2 id="fb-form-title">{f.formTitle}</h2>
                <p class="hint">{m.desk.form.requiredNote}</p>
                <SchemaForm schema={schema} state={form} onState={(fn) => setForm(fn)} errorOf={errorOf} onTouch={(p) => setTouched((s) => (s.has(p) ? s : new Set(s).add(p)))} />
              </section>
              <section class="card citizen-section" aria-labelledby="fb-centre-title">
                <p class="citizen-step">{c.step(3, 3)}</p>
                <h2 id="fb-centre-title">{f.centre}</h2>
                <SelectField label={f.centreHint} name="centreId" value={centreId} onValue={setCentreId} options={centres.map((x) => ({ value: x.id, label: x.name }))} error={centreError ? cap(centreError) : undefined} required />
              </section>
              {globalError && problems.length ? <p class="error" role="status">{globalError}</p> : null}
              <div class="citizen-actions">
                <Button type="submit" variant="primary" busy={busy}>{busy ? f.sending : f.send}</Button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
    </>
  );
}
