/**
 * Reception at the counter (Decree 118 Art. 17.1): the procedure, its form, the applicant's VNeID
 * check, the scanned documents, the channel; then receive (form 01) or refuse (form 03). Nothing
 * typed is lost by a failed submit, an expired session or a reload (the draft).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isValidVnPhone } from '../../api/domain/dossier/identity.ts';
import { api, ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { Alert, Button, Dialog, Loading } from '../shared/ui.tsx';
import { Documents } from './documents.tsx';
import { checkDoc, type DocEntry } from './doc-model.ts';
import type { Draft, Receipt } from './draft.ts';
import { ErrorSummary } from './error-summary.tsx';
import { cccdInfo, IdentityButton, IdentityResultView, type IdentityState } from './identity-check.tsx';
import { ProcedureInfo } from './procedure-info.tsx';
import { ProcedurePicker } from './procedure-picker.tsx';
import { cap, problemsOf, splitServerErrors } from './problems.ts';
import { ReasonsDialog } from './reasons-dialog.tsx';
import { checkApplicantOnly, checkForm, type Errors } from './schema-check.ts';
import { SchemaForm } from './schema-form.tsx';
import { buildFormData, initialCounts, type FormState } from './schema-values.ts';
import type { Dossier, Procedure, ProcedureDetail } from './types.ts';

const details = new Map<string, ProcedureDetail>();

export interface ReceptionProps {
  procedures: Procedure[];
  draft: Draft;
  setDraft: (fn: (d: Draft) => Draft) => void;
  onReceipt: (r: Receipt) => void;
}

export function Reception({ procedures, draft, setDraft, onReceipt }: ReceptionProps) {
  const m = useT();
  const lang = useLang();
  const t = m.desk;
  const [detail, setDetail] = useState<ProcedureDetail | null>(draft.procedureId ? details.get(draft.procedureId) ?? null : null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<{ fields: Errors; other: Array<{ field: string; message: string }>; sent: FormState } | null>(null);
  const [globalError, setGlobalError] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState<'receive' | 'refuse' | null>(null);
  const [identity, setIdentity] = useState<IdentityState | null>(null);
  const [refusing, setRefusing] = useState(false);
  const [refuseError, setRefuseError] = useState<string | null>(null);
  const focusForm = useRef(false);
  const [clearing, setClearing] = useState(false);

  useEffect(() => {
    const id = draft.procedureId;
    if (!id) return setDetail(null);
    const use = (p: ProcedureDetail) => {
      // Arrays that need items from the start get them (what was typed stays).
      if (p.formSchemaResolved) {
        const counts = initialCounts(p.formSchemaResolved);
        setDraft((d) => ({ ...d, form: { ...d.form, counts: { ...counts, ...d.form.counts } } }));
      }
      setDetail(p);
    };
    if (details.has(id)) return use(details.get(id)!);
    setDetail(null);
    setLoadError(null);
    api.get<ProcedureDetail>(`/api/procedures/${encodeURIComponent(id)}`).then((p) => {
      details.set(id, p);
      use(p);
    }, (err) => setLoadError(err instanceof ApiError ? err.message : m.errors.generic));
  }, [draft.procedureId]);

  const schema = detail?.formSchemaResolved ?? null;
  const formData = useMemo(() => (schema ? buildFormData(schema, draft.form) : {}), [schema, draft.form]);
  const client = useMemo(() => (schema ? checkForm(schema, formData, t.check) : {}), [schema, formData, lang]);
  const values = draft.form.values;
  const str = (path: string) => (typeof values[path] === 'string' ? (values[path] as string) : '');

  /** Checked as typed: the CCCD once it has 12 digits, the phone once it has 10. */
  const live = (path: string) => (path === 'applicant.personalId' && str(path).replace(/\D/g, '').length >= 12)
    || (path === 'applicant.phone' && str(path).replace(/\D/g, '').length >= 10);
  const sameAsSent = (path: string) => !server || (path in draft.form.counts ? draft.form.counts[path] === server.sent.counts[path] : values[path] === server.sent.values[path]);
  const errorOf = (path: string): string | undefined => {
    const s = server?.fields[path];
    if (s && sameAsSent(path)) return cap(s);
    const c = client[path];
    // Blurring an empty field does not scold; its format is checked on leaving it, everything on submit.
    return c && (submitted || live(path) || (touched.has(path) && c !== t.check.required)) ? cap(c) : undefined;
  };
  const shown: Errors = {};
  for (const path of new Set([...Object.keys(server?.fields ?? {}), ...(submitted ? Object.keys(client) : [])])) {
    const e = errorOf(path);
    if (e) shown[path] = e;
  }
  const problems = problemsOf({ schema, shown: submitted || server ? shown : {}, other: server?.other ?? [], docs: draft.docs, showDocs: submitted, m });

  const setForm = (fn: (s: FormState) => FormState) => setDraft((d) => ({ ...d, form: fn(d.form) }));
  const extra = (path: string) => {
    if (path === 'applicant.personalId') {
      const v = str(path).trim();
      return {
        ok: cccdInfo(v, m),
        after: <IdentityButton idNumber={v} onResult={setIdentity} />,
        below: identity && identity.idNumber === v ? <IdentityResultView state={identity} currentName={str('applicant.fullName')} onFillName={(n) => setForm((s) => ({ ...s, values: { ...s.values, 'applicant.fullName': n } }))} /> : undefined,
      };
    }
    if (path === 'applicant.phone' && str(path) && isValidVnPhone(str(path))) return { ok: t.applicant.phoneOk };
    return undefined;
  };

  const fail = (err: unknown) => {
    if (err instanceof ApiError) {
      const split = splitServerErrors(err);
      setServer({ ...split, sent: draft.form });
      setGlobalError(err.details.length ? t.summary.server(err.message) : err.message);
    } else setGlobalError(m.errors.generic);
    setFocusKey((k) => k + 1);
  };

  const receipt = (d: Dossier, outcome: Receipt['outcome']): Receipt => ({
    code: d.code, outcome, procedureId: d.procedure.id, procedureVi: d.procedure.nameVi, procedureEn: d.procedure.nameEn,
    applicantName: d.applicant.fullName ?? str('applicant.fullName'), applicantId: d.applicant.personalId ?? str('applicant.personalId'),
    receivedAt: d.receivedAt ?? d.submittedAt, dueAt: d.dueAt, channel: d.channel,
    docs: outcome === 'received' ? draft.docs.map((x) => ({ ...x, status: 'pending' as const })) : [],
  });

  const receive = async () => {
    if (!schema || !detail || busy) return;
    setSubmitted(true);
    setGlobalError(null);
    const docBad = draft.docs.some((d) => Object.keys(checkDoc(d, m)).length);
    if (Object.keys(client).length || docBad) {
      setServer(null);
      setFocusKey((k) => k + 1);
      return;
    }
    setBusy('receive');
    try {
      const d = await api.post<Dossier>('/api/dossiers', { procedureId: detail.id, channel: draft.channel, formData });
      onReceipt(receipt(d, 'received'));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const openRefusal = () => {
    const bad = checkApplicantOnly(formData, t.check);
    if (Object.keys(bad).length) {
      setServer({ fields: bad, other: [], sent: draft.form });
      setGlobalError(t.refuse.needApplicant);
      setFocusKey((k) => k + 1);
      return;
    }
    setRefuseError(null);
    setRefusing(true);
  };
  const refuse = async (reasons: string[]) => {
    if (!detail) return;
    setBusy('refuse');
    try {
      const d = await api.post<Dossier>('/api/dossiers', { procedureId: detail.id, channel: draft.channel, formData, refusalReasons: reasons });
      setRefusing(false);
      onReceipt(receipt(d, 'refused'));
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      if (e && e.details.some((x) => x.field.startsWith('formData'))) {
        setRefusing(false);
        fail(err);
      } else setRefuseError(e ? [e.message, ...e.details.map((x) => x.message)].join(' — ') : m.errors.generic);
    } finally {
      setBusy(null);
    }
  };

  const pick = (p: Procedure) => {
    setDraft((d) => ({ ...d, procedureId: p.id }));
    setServer(null);
    setSubmitted(false);
    focusForm.current = true;
  };
  useEffect(() => {
    if (!schema || !focusForm.current) return;
    focusForm.current = false;
    document.querySelector<HTMLElement>('#desk-form input, #desk-form select')?.focus();
  }, [schema]);
  const defaults = (): Partial<DocEntry> => ({ idNumber: str('applicant.personalId').trim(), holderName: str('applicant.fullName').trim() });
  const clearForm = () => {
    setClearing(false);
    setDraft((d) => ({ ...d, form: { values: {}, counts: schema ? initialCounts(schema) : {} }, docs: [] }));
    setServer(null);
    setSubmitted(false);
    setTouched(new Set());
    setIdentity(null);
  };

  if (!draft.procedureId) {
    return (
      <section class="card desk-section" aria-labelledby="desk-step-1">
        <h2 id="desk-step-1"><span class="desk-step" aria-hidden="true">1</span>{t.picker.title}</h2>
        <ProcedurePicker procedures={procedures} onPick={pick} autoFocus />
      </section>
    );
  }
  const proc = detail ?? procedures.find((p) => p.id === draft.procedureId);
  return (
    <div class="desk-layout" onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !refusing) { e.preventDefault(); void receive(); } }}>
      <div class="desk-main">
        <section class="card desk-section desk-chosen desk-wide-only" aria-labelledby="desk-step-1">
          <h2 id="desk-step-1"><span class="desk-step" aria-hidden="true">1</span>{t.picker.title}</h2>
          <p class="desk-chosen__name">{proc ? (lang === 'vi' ? proc.nameVi : proc.nameEn) : draft.procedureId}</p>
          <Button id="proc-change" onClick={() => setDraft((d) => ({ ...d, procedureId: null }))}>{t.picker.change}</Button>
        </section>
        {loadError ? <Alert>{loadError}</Alert> : null}
        {!detail && !loadError ? <Loading /> : null}
        {detail && !schema ? <Alert>{t.form.noSchema}</Alert> : null}
        {schema ? (
          <form id="desk-form" class="desk-form-wrap" noValidate onSubmit={(e) => { e.preventDefault(); void receive(); }} aria-labelledby="desk-step-2">
            <ErrorSummary problems={problems} focusKey={focusKey} title={globalError && !problems.length ? globalError : undefined} />
            <section class="card desk-section">
              <h2 id="desk-step-2"><span class="desk-step" aria-hidden="true">2</span>{t.form.title}<span class="desk-subtitle"> — {schema.title}</span></h2>
              <p class="hint">{t.form.requiredNote}</p>
              <SchemaForm schema={schema} state={draft.form} onState={setForm} errorOf={errorOf} extra={extra}
                onTouch={(p) => setTouched((s) => (s.has(p) ? s : new Set(s).add(p)))} />
            </section>
            <section class="card desk-section" aria-labelledby="desk-step-3">
              <h2 id="desk-step-3"><span class="desk-step" aria-hidden="true">3</span>{t.docs.title}</h2>
              <p class="hint">{t.docs.intro}</p>
              <Documents entries={draft.docs} onEntries={(fn) => setDraft((d) => ({ ...d, docs: fn(d.docs) }))} procedure={detail!} defaults={defaults} showErrors={submitted} />
            </section>
          </form>
        ) : null}
      </div>
      {detail ? (
        <aside class="desk-side" aria-label={t.side}>
          <div class="desk-actions">
            <fieldset class="desk-channel">
              <legend>{t.channel.label}</legend>
              {(['in_person', 'post'] as const).map((c) => (
                <label key={c} class="desk-check-line">
                  <input type="radio" name="desk-channel" value={c} checked={draft.channel === c} onChange={() => setDraft((d) => ({ ...d, channel: c }))} />
                  <span>{t.channel[c]}</span>
                </label>
              ))}
            </fieldset>
            {globalError ? <p class="error" role="status">{globalError}</p> : null}
            <Button variant="primary" busy={busy === 'receive'} onClick={() => void receive()} disabled={!schema} aria-keyshortcuts="Control+Enter">
              {busy === 'receive' ? t.receiving : t.receive}
            </Button>
            <p class="hint desk-shortcut">{t.shortcut}</p>
            <Button variant="danger" onClick={openRefusal} disabled={!schema}>{t.refuse.open}</Button>
            <Button variant="ghost" onClick={() => setClearing(true)}>{t.clear}</Button>
          </div>
          <ProcedureInfo procedure={detail} onChange={() => setDraft((d) => ({ ...d, procedureId: null }))} />
        </aside>
      ) : null}
      <Dialog open={clearing} title={t.clear} onClose={() => setClearing(false)}>
        <p>{t.clearConfirm}</p>
        <div class="actions desk-dialog-actions">
          <Button variant="danger" onClick={clearForm}>{t.clear}</Button>
          <Button variant="ghost" onClick={() => setClearing(false)}>{m.app.cancel}</Button>
        </div>
      </Dialog>
      <ReasonsDialog open={refusing} title={t.refuse.title} intro={t.refuse.intro} label={t.refuse.label} presets confirm={t.refuse.confirm} danger
        busy={busy === 'refuse'} error={refuseError} onClose={() => setRefusing(false)} onConfirm={(items) => void refuse(items)} />
    </div>
  );
}
