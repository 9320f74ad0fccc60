/**
 * `/giam-sat/xu-huong`: trends of an agency subtree (`?agency=`) for a period, per week or month,
 * optionally one procedure: a text summary, the chart (chart.js, loaded only here) and its figures
 * as a table, then the period's totals by procedure and by agency (those without sub-units).
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { usePageTitle } from '../shared/page.ts';
import { Loading, SelectField } from '../shared/ui.tsx';
import { dayVi, localToday, PageError, PeriodForm, pct, QualityNav, usePeriodReport } from './quality-shared.tsx';
import { TrendChart, type TrendBucket } from './trends-chart.tsx';

interface Row { id: string; name: string; received: number; early: number; onTime: number; late: number }
interface Trends {
  period: { from: string; to: string }; granularity: 'week' | 'month';
  buckets: TrendBucket[]; total: Omit<TrendBucket, 'start'>; byProcedure: Row[]; byAgency: Row[];
}

const monthsBack = (today: string, n: number) => {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};

function Figures({ caption, head, rows }: { caption: string; head: string; rows: Array<{ key: string; label: string } & Omit<TrendBucket, 'start'>> }) {
  const m = useT();
  return (
    <div class="table-wrap">
      <table class="qa-table">
        <caption>{caption}</caption>
        <thead><tr><th scope="col">{head}</th><th scope="col" class="num">{m.quality.received}</th><th scope="col" class="num">{m.quality.early}</th><th scope="col" class="num">{m.quality.onTime}</th><th scope="col" class="num">{m.quality.late}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th><td class="num">{r.received}</td><td class="num">{r.early}</td><td class="num">{r.onTime}</td>
              <td class={`num${r.late ? ' qa-late' : ''}`}>{r.late}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function TrendsPage() {
  const m = useT();
  const lang = useLang();
  usePageTitle(m.quality.trendsTitle);
  const today = localToday();
  const { values, data, errors, error, busy, apply } = usePeriodReport<Trends>('/api/supervision/trends', { from: monthsBack(today, 5), to: today, granularity: 'month', procedure: '' });
  const [procedures, setProcedures] = useState<Array<{ id: string; nameVi: string; nameEn: string }>>([]);
  useEffect(() => { api.get<typeof procedures>('/api/procedures').then(setProcedures, () => setProcedures([])); }, []);
  const label = (b: TrendBucket) => (data?.granularity === 'week' ? m.quality.weekOf(dayVi(b.start)) : `${b.start.slice(5, 7)}/${b.start.slice(0, 4)}`);
  let summary = '';
  if (data) {
    const t = data.total;
    const resolved = t.early + t.onTime + t.late;
    summary = m.quality.trendsSummary(dayVi(data.period.from), dayVi(data.period.to), t.received, resolved, t.early, t.onTime, t.late, pct(resolved ? t.late / resolved : 0, lang));
    const busiest = [...data.buckets].sort((a, b) => b.received - a.received)[0];
    if (busiest && busiest.received > 0) summary += ` ${m.quality.trendsBusiest(label(busiest), busiest.received)}`;
  }
  return (
    <div class="page qa-page">
      <QualityNav current="trends" />
      <h1>{m.quality.trendsTitle}</h1>
      <p class="muted">{m.quality.trendsIntro}</p>
      <PeriodForm values={values} errors={errors} busy={busy} onApply={apply} extra={(draft, set) => (
        <>
          <SelectField name="granularity" label={m.quality.granularity} value={draft.granularity ?? 'month'} onValue={(v) => set('granularity', v)}
            options={[{ value: 'month', label: m.quality.month }, { value: 'week', label: m.quality.week }]} error={errors.granularity} />
          <SelectField name="procedure" label={m.quality.procedure} value={draft.procedure ?? ''} onValue={(v) => set('procedure', v)} error={errors.procedure}
            options={[{ value: '', label: m.quality.allProcedures }, ...procedures.map((p) => ({ value: p.id, label: lang === 'vi' ? p.nameVi : p.nameEn }))]} />
        </>
      )} />
      <PageError error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <p class="qa-summary" aria-live="polite" data-testid="trends-summary">{summary}</p>
          <TrendChart buckets={data.buckets} labels={data.buckets.map(label)} summary={summary} />
          <Figures caption={m.quality.tableTitle} head={m.quality.bucket}
            rows={[...data.buckets.map((b) => ({ key: b.start, label: label(b), ...b })), { key: 'total', label: m.quality.total, ...data.total }]} />
          <div class="qa-columns">
            <section aria-labelledby="qa-by-procedure">
              <h2 id="qa-by-procedure">{m.quality.byProcedure}</h2>
              {data.byProcedure.length ? <Figures caption={m.quality.byProcedure} head={m.quality.procedure} rows={data.byProcedure.map((r) => ({ key: r.id, label: r.name, ...r }))} /> : <p>{m.quality.empty}</p>}
            </section>
            <section aria-labelledby="qa-by-agency">
              <h2 id="qa-by-agency">{m.quality.byAgency}</h2>
              <p class="muted">{m.quality.byAgencyNote}</p>
              {data.byAgency.length ? <Figures caption={m.quality.byAgency} head={m.quality.byAgency} rows={data.byAgency.map((r) => ({ key: r.id, label: r.name, ...r }))} /> : <p>{m.quality.empty}</p>}
            </section>
          </div>
        </>
      ) : null}
    </div>
  );
}
