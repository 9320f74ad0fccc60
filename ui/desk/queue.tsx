/**
 * Online dossiers waiting for review (Decree 118 Art. 17.2: accept or ask for a supplement within
 * 8 working hours), oldest submitted first, each with the time left as a coloured badge; accept,
 * request a supplement or refuse from the list, each through a dialog.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../shared/api.ts';
import { dateTime } from '../shared/format.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Button, Dialog, Loading, Pager, SlaBadge } from '../shared/ui.tsx';
import { FormLink } from './form-link.tsx';
import { ReasonsDialog } from './reasons-dialog.tsx';
import type { Dossier } from './types.ts';

const PAGE_SIZE = 20;
const REFRESH_MS = 60_000;
type Kind = 'accept' | 'supplement' | 'refuse';

export function Queue({ onCount, visible }: { onCount: (n: number) => void; visible: boolean }) {
  const m = useT();
  const lang = useLang();
  const t = m.desk.queue;
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<Dossier> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<{ kind: Kind; dossier: Dossier } | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [done, setDone] = useState<{ kind: Kind; dossier: Dossier } | null>(null);
  const [dialogKey, setDialogKey] = useState(0);

  const load = async (p = page) => {
    try {
      const d = await api.get<Page<Dossier>>('/api/dossiers', { status: 'registered', page: p, pageSize: PAGE_SIZE });
      setData(d);
      onCount(d.total);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };
  // Loaded when shown, and refreshed every minute (the tab's count too, while at the counter).
  useEffect(() => {
    void load(page);
    const timer = setInterval(() => void load(page), REFRESH_MS);
    return () => clearInterval(timer);
  }, [page, visible, lang]);

  const open = (kind: Kind, dossier: Dossier) => {
    setActionError(null);
    setDialogKey((k) => k + 1);
    setAction({ kind, dossier });
  };
  const run = async (body: Record<string, unknown>) => {
    if (!action) return;
    const path = { accept: 'accept', supplement: 'request-supplement', refuse: 'refuse' }[action.kind];
    setBusy(true);
    try {
      const d = await api.post<Dossier>(`/api/dossiers/${encodeURIComponent(action.dossier.code)}/${path}`, body);
      setDone({ kind: action.kind, dossier: d });
      setAction(null);
      await load();
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      setActionError(e ? [e.message, ...e.details.map((x) => x.message)].join(' — ') : m.errors.generic);
    } finally {
      setBusy(false);
    }
  };

  const name = (d: Dossier) => (lang === 'vi' ? d.procedure.nameVi : d.procedure.nameEn);
  return (
    <div class="desk-queue">
      <div class="desk-queue__head">
        <p class="muted">{t.intro}</p>
        <Button variant="ghost" onClick={() => void load()}>↻ {t.refresh}</Button>
      </div>
      {done ? (
        <div class="alert alert--success desk-done" role="status">
          <p><strong>{t.done[done.kind](done.dossier.code)}</strong>{done.kind === 'accept' && done.dossier.dueAt ? ` ${t.dueAt(dateTime(done.dossier.dueAt))}` : ''}</p>
          <div class="actions">
            <FormLink code={done.dossier.code} form={done.kind === 'accept' ? '01' : done.kind === 'supplement' ? '02' : '03'}
              label={done.kind === 'accept' ? m.desk.receipt.print01 : done.kind === 'supplement' ? t.print02 : m.desk.receipt.print03} />
            <Link class="btn" href={`/ho-so/${encodeURIComponent(done.dossier.code)}`}>{m.desk.receipt.open}</Link>
            <Button variant="ghost" onClick={() => setDone(null)}>{m.app.close}</Button>
          </div>
        </div>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {!data ? (error ? null : <Loading />) : data.items.length === 0 ? <p class="desk-empty">{t.empty}</p> : (
        <div class="table-wrap">
          <table class="desk-table">
            <caption class="desk-visually-hidden">{t.caption(data.total, data.totalExact !== false)}</caption>
            <thead>
              <tr><th scope="col">{t.code}</th><th scope="col">{t.procedure} · {t.applicant}</th><th scope="col">{t.submitted}</th><th scope="col">{t.review}</th><th scope="col">{t.actions}</th></tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.code} data-code={d.code}>
                  <td class="desk-nowrap"><Link href={`/ho-so/${encodeURIComponent(d.code)}`} class="desk-code">{d.code}</Link></td>
                  <td><span class="desk-q-proc">{name(d)}</span><span class="desk-q-who">{d.applicant.fullName ?? m.app.none}</span></td>
                  <td class="desk-nowrap"><time dateTime={d.submittedAt ?? undefined}>{dateTime(d.submittedAt)}</time></td>
                  <td>{d.reviewDueAt !== undefined || d.reviewSla !== undefined ? <SlaBadge sla={d.reviewSla} dueAt={d.reviewDueAt} /> : <span class="muted">{t.noReview}</span>}</td>
                  <td>
                    <div class="desk-row-actions">
                      <Button variant="primary" onClick={() => open('accept', d)} aria-label={`${t.accept} ${d.code}`}>{t.accept}</Button>
                      <Button onClick={() => open('supplement', d)} aria-label={`${t.supplement} ${d.code}`}>{t.supplement}</Button>
                      <Button variant="danger" onClick={() => open('refuse', d)} aria-label={`${t.refuse} ${d.code}`}>{t.refuse}</Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > PAGE_SIZE ? <Pager page={page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact !== false} onPage={setPage} /> : null}

      <Dialog open={action?.kind === 'accept'} title={t.acceptTitle(action?.dossier.code ?? '')} onClose={() => setAction(null)}>
        <p>{action ? `${name(action.dossier)} · ${action.dossier.applicant.fullName ?? ''}` : ''}</p>
        <p>{t.acceptIntro}</p>
        {actionError ? <Alert>{actionError}</Alert> : null}
        <div class="actions desk-dialog-actions">
          <Button variant="primary" busy={busy} onClick={() => void run({})}>{t.acceptConfirm}</Button>
          <Button variant="ghost" onClick={() => setAction(null)}>{m.app.cancel}</Button>
        </div>
      </Dialog>
      <ReasonsDialog key={`s${dialogKey}`} open={action?.kind === 'supplement'} title={t.supplementTitle(action?.dossier.code ?? '')} intro={t.supplementIntro}
        label={t.items} noteLabel={t.reason} confirm={t.supplementConfirm} busy={busy} error={actionError}
        onClose={() => setAction(null)} onConfirm={(items, note) => void run(note ? { items, reason: note } : { items })} />
      <ReasonsDialog key={`r${dialogKey}`} open={action?.kind === 'refuse'} title={t.refuseTitle(action?.dossier.code ?? '')} intro={t.refuseIntro}
        label={m.desk.refuse.label} presets confirm={t.refuseConfirm} danger busy={busy} error={actionError}
        onClose={() => setAction(null)} onConfirm={(reasons) => void run({ reasons })} />
    </div>
  );
}
