/** The overdue steps, most late first, with who holds each and since when; remind and reassign. */
import { useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../shared/api.ts';
import { dateTime } from '../shared/format.ts';
import { useT } from '../shared/i18n.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Button, Dialog, Pager, SelectField, SlaBadge } from '../shared/ui.tsx';
import type { OverdueItem } from './data.ts';

interface Colleague { id: string; username: string; fullName: string }

function ReassignDialog({ item, onClose, onDone }: { item: OverdueItem | null; onClose: () => void; onDone: (msg: string) => void }) {
  const m = useT();
  const [people, setPeople] = useState<Colleague[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  if (item && loadedFor !== item.taskKey) {
    setLoadedFor(item.taskKey);
    setPeople(null);
    setError(null);
    api.get<Colleague[]>(`/api/tasks/${encodeURIComponent(item.taskKey)}/candidates`).then((p) => {
      setPeople(p);
      setChosen(p[0]?.id ?? '');
    }, (err) => setError(err instanceof ApiError ? err.message : m.errors.generic));
  }
  const submit = async () => {
    if (!item || !chosen) return;
    setBusy(true);
    try {
      await api.post(`/api/tasks/${encodeURIComponent(item.taskKey)}/handoff`, { assigneeId: chosen });
      onDone(m.supervision.reassigned(people?.find((p) => p.id === chosen)?.fullName ?? ''));
      setLoadedFor(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setLoadedFor(null);
    onClose();
  };
  return (
    <Dialog open={!!item} title={item ? m.supervision.reassignTitle(item.dossier.code) : ''} onClose={close}>
      {error ? <Alert>{error}</Alert> : null}
      {people && people.length === 0 ? <p>{m.supervision.noColleague}</p> : null}
      {people && people.length > 0 ? (
        <SelectField label={m.supervision.colleague} value={chosen} onValue={setChosen} options={people.map((p) => ({ value: p.id, label: `${p.fullName} (${p.username})` }))} />
      ) : null}
      <div class="actions">
        <Button variant="primary" busy={busy} disabled={!chosen} onClick={() => void submit()}>{m.supervision.reassign}</Button>
        <Button onClick={close}>{m.app.cancel}</Button>
      </div>
    </Dialog>
  );
}

export function OverdueList({ data, page, onPage, canAct, onChanged }: { data: Page<OverdueItem> | null; page: number; onPage: (p: number) => void; canAct: boolean; onChanged: () => void }) {
  const m = useT();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [reassigning, setReassigning] = useState<OverdueItem | null>(null);
  const remind = async (i: OverdueItem) => {
    try {
      const r = await api.post<{ notified: number }>(`/api/supervision/remind/${encodeURIComponent(i.taskKey)}`);
      setMessage({ kind: 'success', text: m.supervision.reminded(r.notified) });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : m.errors.generic });
    }
  };
  return (
    <section class="sv-overdue" aria-labelledby="qua-han">
      <h2 id="qua-han" tabIndex={-1}>{m.supervision.overdueTitle}{data ? ` (${data.total})` : ''}</h2>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      {data && data.items.length === 0 ? <p>{m.supervision.overdueEmpty}</p> : null}
      {data && data.items.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="overdue-list">
            <thead>
              <tr>
                <th scope="col">{m.supervision.col.dossier}</th>
                <th scope="col">{m.supervision.col.step}</th>
                <th scope="col">{m.supervision.col.holder}</th>
                <th scope="col">{m.supervision.col.since}</th>
                <th scope="col">{m.supervision.col.due}</th>
                {canAct ? <th scope="col">{m.supervision.col.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.taskKey} data-code={i.dossier.code}>
                  <td>
                    <Link href={`/ho-so/${encodeURIComponent(i.dossier.code)}`}>{i.dossier.code}</Link>
                    <div class="muted">{i.dossier.applicantName} · {i.dossier.procedureName}</div>
                  </td>
                  <td>{i.step ? m.tasks.steps[i.step] ?? i.stepName : i.stepName}<div class="muted">{i.agencyName}</div></td>
                  <td>{i.holder ? i.holder.fullName : <span class="muted">{m.supervision.group(i.candidateGroups.map((g) => m.roles[g] ?? g).join(', '))}</span>}</td>
                  <td><time dateTime={i.since}>{dateTime(i.since)}</time></td>
                  <td><SlaBadge sla="overdue" dueAt={i.dueAt} /></td>
                  {canAct ? (
                    <td class="sv-actions">
                      <Button aria-label={m.supervision.remindFor(i.dossier.code)} onClick={() => void remind(i)}>{m.supervision.remind}</Button>
                      <Button aria-label={m.supervision.reassignFor(i.dossier.code)} onClick={() => setReassigning(i)}>{m.supervision.reassign}</Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.total > data.pageSize ? <Pager page={page} pageSize={data.pageSize} total={data.total} onPage={onPage} /> : null}
      <ReassignDialog item={reassigning} onClose={() => setReassigning(null)} onDone={(text) => {
        setReassigning(null);
        setMessage({ kind: 'success', text });
        onChanged();
      }} />
    </section>
  );
}
