/** Report II.06a for a period: the table of the official form, and its Excel and PDF downloads. */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Alert, Button, TextField } from '../shared/ui.tsx';
import { cellsOf, type Ii06aReport } from './data.ts';

const localDay = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

export function ReportIi06a({ agency }: { agency: string | undefined }) {
  const m = useT();
  const today = localDay(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [report, setReport] = useState<Ii06aReport | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const query = { from, to, ...(agency ? { agency } : {}) };
  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.details?.length) setErrors(Object.fromEntries(err.details.map((d) => [d.field, d.message])));
    setError(err instanceof ApiError ? err.message : m.errors.generic);
  };
  const show = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      setReport(await api.get<Ii06aReport>('/api/reports/ii06a', query));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const download = async (ext: 'xlsx' | 'pdf') => {
    try {
      const url = await api.blobUrl(`/api/reports/ii06a.${ext}?${new URLSearchParams(query).toString()}`);
      const a = document.createElement('a');
      a.href = url;
      a.download = `bao-cao-ii06a-${from}-${to}.${ext}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      fail(err);
    }
  };
  const cols = m.supervision.cols;
  return (
    <section class="sv-report" aria-labelledby="bao-cao">
      <h2 id="bao-cao">{m.supervision.reportTitle}</h2>
      <form class="sv-report__form" onSubmit={(e) => { e.preventDefault(); void show(); }}>
        <TextField type="date" label={m.supervision.from} value={from} onValue={setFrom} error={errors.from} required />
        <TextField type="date" label={m.supervision.to} value={to} onValue={setTo} error={errors.to} required />
        <Button type="submit" variant="primary" busy={busy}>{m.supervision.show}</Button>
        <Button onClick={() => void download('xlsx')}>{m.supervision.xlsx}</Button>
        <Button onClick={() => void download('pdf')}>{m.supervision.pdf}</Button>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      {report ? (
        <div class="table-wrap">
          <table class="sv-ii06a" data-testid="ii06a">
            <caption class="muted">{report.agency.name} · {report.period.from} – {report.period.to}</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>{m.supervision.field}</th>
                <th scope="colgroup" colSpan={4}>{m.supervision.received}</th>
                <th scope="colgroup" colSpan={4}>{m.supervision.resolved}</th>
                <th scope="colgroup" colSpan={3}>{m.supervision.inProgress}</th>
              </tr>
              <tr>{cols.map((c, i) => <th key={i} scope="col" class="num">{c}</th>)}</tr>
            </thead>
            <tbody>
              {report.rows.length === 0 ? <tr><td colSpan={12}>{m.supervision.reportEmpty}</td></tr> : null}
              {report.rows.map((r) => <tr key={r.field}><th scope="row">{r.field}</th>{cellsOf(r).map((n, i) => <td key={i} class="num">{n}</td>)}</tr>)}
            </tbody>
            <tfoot>
              <tr><th scope="row">{m.supervision.total}</th>{cellsOf(report.total).map((n, i) => <td key={i} class="num"><strong>{n}</strong></td>)}</tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </section>
  );
}
