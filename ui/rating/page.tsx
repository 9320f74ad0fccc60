/**
 * `/danh-gia` (no login): the satisfaction rating of a dossier whose result was returned (Decree 118
 * Art. 31–33). Online, the applicant gives the dossier's code (`?ma=` from the lookup page) and the
 * lookup PIN printed on the receipt. Opened by a signed-in receptionist, it is the counter's kiosk
 * screen: the citizen types only the code (dossiers received by that agency), and after each rating
 * the screen clears for the next person. Every error is shown beside its field and summarised on top.
 */
import { useEffect, useState } from 'preact/hooks';
import '../citizen/citizen.css';
import './rating.css';
import { api, ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { usePageTitle } from '../shared/page.ts';
import { Link, useLocation } from '../shared/router.tsx';
import { getSession, hasRole } from '../shared/session.ts';
import { Alert, Button, StatusBadge, TextArea, TextField } from '../shared/ui.tsx';
import { PublicHead } from '../citizen/public-head.tsx';
import { publicRequest } from '../citizen/client.ts';
import { ErrorSummary, type Problem } from '../desk/error-summary.tsx';
import { cap } from '../desk/problems.ts';
import { critId, Grades, type Criterion, type Grade } from './grades.tsx';

interface RatingState {
  code: string; procedureVi: string; procedureEn: string; status: string; statusVi: string; statusEn: string;
  ratable: boolean; rated: boolean; criteria: Criterion[]; grades: Grade[];
}

export default function RatingPage() {
  const m = useT();
  const r = m.rating;
  const lang = useLang();
  const { search } = useLocation();
  const kiosk = hasRole(getSession(), 'receptionist');
  usePageTitle(kiosk ? r.kioskTitle : r.title);
  const [code, setCode] = useState(search.get('ma') ?? '');
  const [pin, setPin] = useState('');
  const [state, setState] = useState<RatingState | null>(null);
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [focusKey, setFocusKey] = useState(0);

  const base = (c: string) => `${kiosk ? '/api/kiosk' : '/api/public'}/dossiers/${encodeURIComponent(c)}/rating`;
  const call = <T,>(method: 'GET' | 'POST', path: string, body?: unknown) => (kiosk ? (method === 'GET' ? api.get<T>(path) : api.post<T>(path, body)) : publicRequest<T>(method, path, body));

  const fail = (err: unknown) => {
    if (err instanceof ApiError) {
      setErrors(Object.fromEntries(err.details.map((d) => [d.field, cap(d.message)])));
      setError(err.status === 404 ? r.notFound : err.message);
      if (err.status === 404) setErrors({ code: r.notFound });
    } else setError(m.errors.generic);
    setFocusKey((k) => k + 1);
  };

  const checkHead = () => {
    const bad: Record<string, string> = {};
    const c = code.trim();
    if (!c) bad.code = cap(r.required);
    else if (c.length < 3) bad.code = cap(r.codeShort);
    const p = pin.replace(/\s+/g, '');
    if (!kiosk && !p) bad.pin = cap(r.required);
    else if (!kiosk && !/^[0-9]{6}$/.test(p)) bad.pin = cap(r.pinDigits);
    return bad;
  };

  const find = async (e?: Event) => {
    e?.preventDefault();
    setError(null);
    setState(null);
    const bad = checkHead();
    setErrors(bad);
    if (Object.keys(bad).length) return setFocusKey((k) => k + 1);
    setBusy(true);
    try {
      setState(await call<RatingState>('GET', base(code.trim())));
      setScores({});
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (search.get('ma') && kiosk) void find();
  }, []);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!state || busy) return;
    setError(null);
    const bad = checkHead();
    for (const c of state.criteria) if (!scores[c.key]) bad[`scores.${c.key}`] = cap(r.noGrade);
    setErrors(bad);
    if (Object.keys(bad).length) return setFocusKey((k) => k + 1);
    setBusy(true);
    try {
      const body = { scores, ...(comment.trim() ? { comment } : {}), ...(kiosk ? {} : { pin: pin.replace(/\s+/g, '') }) };
      await call('POST', base(state.code), body);
      setDone(true);
      window.scrollTo(0, 0);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const next = () => {
    setCode(''); setPin(''); setState(null); setScores({}); setComment(''); setErrors({}); setError(null); setDone(false);
    setTimeout(() => document.querySelector<HTMLInputElement>('input[name="code"]')?.focus(), 0);
  };

  const labelOf = (field: string) => {
    if (field === 'code') return r.code;
    if (field === 'pin') return r.pin;
    if (field === 'comment') return r.comment;
    const c = state?.criteria.find((x) => `scores.${x.key}` === field);
    return c ? (lang === 'vi' ? c.vi : c.en) : field;
  };
  const idOf = (field: string) => (field.startsWith('scores.') ? critId(field.slice(7)) : field === 'code' ? 'rating-code' : field === 'pin' ? 'rating-pin' : undefined);
  const problems: Problem[] = Object.entries(errors).map(([f, message]) => ({ id: idOf(f), label: labelOf(f), message }));

  return (
    <div class={`public citizen${kiosk ? ' rating-kiosk' : ''}`}>
      <PublicHead />
      <main id="main" class="public__body">
        <h1>{kiosk ? r.kioskTitle : r.title}</h1>
        <p class="muted">{kiosk ? r.kioskIntro : r.intro}</p>
        {done ? (
          <section class="card citizen-section" aria-labelledby="rating-done">
            <h2 id="rating-done">✓ {r.thanks}</h2>
            <p>{r.thanksNote}</p>
            <div class="citizen-actions">
              {kiosk ? <Button variant="primary" onClick={next}>{r.nextCitizen}</Button> : (
                <>
                  <Link href={`/tra-cuu?ma=${encodeURIComponent(state?.code ?? code)}`} class="btn btn--primary">{r.lookupLink}</Link>
                  <Button onClick={next}>{r.next}</Button>
                </>
              )}
            </div>
          </section>
        ) : (
          <form noValidate onSubmit={(e) => void (state?.ratable ? send(e) : find(e))}>
            <ErrorSummary problems={problems} focusKey={focusKey} title={error && !problems.length ? error : problems.length ? r.summary(problems.length) : undefined} />
            <section class="card citizen-section" aria-labelledby="rating-which">
              <h2 id="rating-which">{r.dossier}</h2>
              <div class="citizen-inline">
                <div id="rating-code" class="rating-field"><TextField label={r.code} name="code" value={code} onValue={(v) => { setCode(v); setState(null); }} hint={r.codeHint} error={errors.code} required autoComplete="off" maxLength={80} /></div>
                {kiosk ? null : <div id="rating-pin" class="rating-field"><TextField label={r.pin} name="pin" value={pin} onValue={setPin} hint={r.pinHint} error={errors.pin} required inputMode="numeric" autoComplete="off" maxLength={7} /></div>}
              </div>
              {state ? (
                <div>
                  <p class="citizen-proc__name">{lang === 'vi' ? state.procedureVi : state.procedureEn}</p>
                  <p><span class="citizen-code">{state.code}</span> <StatusBadge status={state.status} /></p>
                  {state.rated ? <Alert kind="info">{r.already}</Alert> : !state.ratable ? <Alert kind="warning">{r.notYet(lang === 'vi' ? state.statusVi : state.statusEn)}</Alert> : null}
                </div>
              ) : (
                <div class="citizen-actions"><Button type="submit" variant="primary" busy={busy}>{r.find}</Button></div>
              )}
            </section>
            {state?.ratable ? (
              <>
                <section class="card citizen-section" aria-labelledby="rating-criteria">
                  <h2 id="rating-criteria">{r.criteria}</h2>
                  <Grades criteria={state.criteria} grades={state.grades} scores={scores} errors={errors} onScore={(k, g) => {
                    setScores((s) => ({ ...s, [k]: g }));
                    setErrors((e) => { const { [`scores.${k}`]: _gone, ...rest } = e; return rest; });
                  }} />
                  <TextArea label={r.comment} value={comment} onValue={setComment} hint={r.commentHint} error={errors.comment} rows={3} />
                </section>
                {error && problems.length ? <p class="error" role="status">{error}</p> : null}
                <div class="citizen-actions"><Button type="submit" variant="primary" busy={busy}>{busy ? r.sending : r.send}</Button></div>
              </>
            ) : null}
          </form>
        )}
      </main>
    </div>
  );
}
