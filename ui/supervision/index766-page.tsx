/**
 * `/giam-sat/chi-so-766`: the Decision 766 index of an agency subtree (`?agency=`) for a period:
 * the total out of the points measured, the change against the previous period, then every group and
 * criterion with its points, share, figures and how it is computed; a criterion motcua does not
 * capture is marked "not measured".
 */
import { useLang, useT } from '../shared/i18n.ts';
import { usePageTitle } from '../shared/page.ts';
import { Loading } from '../shared/ui.tsx';
import { dayVi, localToday, num, PageError, PeriodForm, pct, QualityNav, usePeriodReport } from './quality-shared.tsx';

type Label = { vi: string; en: string };
interface Criterion { key: string; group: string; label: Label; maxPoints: number; points: number | null; measured: boolean; share: number | null; inputs: Record<string, number>; rule: string }
interface Group { key: string; label: Label; maxPoints: number; points: number | null; measuredMaxPoints: number }
interface Index766 {
  period: { from: string; to: string }; agency: { id: string; name: string }; asOf: string;
  total: { points: number; measuredMaxPoints: number; maxPoints: number };
  groups: Group[]; criteria: Criterion[];
  previous: { period: { from: string; to: string }; total: { points: number; measuredMaxPoints: number }; groups: Array<{ key: string; points: number | null }>; criteria: Array<{ key: string; points: number | null }> };
  change: { total: number | null; groups: Array<{ key: string; points: number | null }>; criteria: Array<{ key: string; points: number | null }> };
}

const signed = (x: number | null, lang: string) => (x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${num(Math.abs(x), lang)}`);
const trend = (x: number | null) => (x === null || x === 0 ? '' : x > 0 ? ' qa-up' : ' qa-down');

function Points({ c }: { c: Criterion }) {
  const m = useT();
  const lang = useLang();
  if (!c.measured) return <span class="qa-badge qa-badge--none">{m.quality.notMeasured}</span>;
  if (c.points === null) return <span class="qa-badge qa-badge--none">{m.quality.noData}</span>;
  const ratio = c.points / c.maxPoints;
  return <span class={`qa-badge qa-badge--${ratio >= 0.9 ? 'ok' : ratio >= 0.5 ? 'soon' : 'late'}`}>{num(c.points, lang)} / {c.maxPoints}</span>;
}

export default function Index766Page() {
  const m = useT();
  const lang = useLang();
  usePageTitle(m.quality.navIndex);
  const today = localToday();
  const { values, data, errors, error, busy, apply } = usePeriodReport<Index766>('/api/reports/decision-766', { from: `${today.slice(0, 8)}01`, to: today });
  const prevOf = (key: string, list: Array<{ key: string; points: number | null }>) => list.find((x) => x.key === key)?.points ?? null;
  return (
    <div class="page qa-page">
      <QualityNav current="index" />
      <h1>{m.quality.indexTitle}</h1>
      <p class="muted">{m.quality.indexIntro}</p>
      <PeriodForm values={values} errors={errors} busy={busy} onApply={apply} />
      <PageError error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <div class="qa-score" aria-live="polite" data-testid="index-total">
            <p class="qa-score__n">{m.quality.indexTotal(num(data.total.points, lang), data.total.measuredMaxPoints)}</p>
            <p class={`qa-score__change${trend(data.change.total)}`}>
              {data.change.total === null || data.previous.total.measuredMaxPoints === 0
                ? m.quality.indexNoChange(dayVi(data.previous.period.from), dayVi(data.previous.period.to))
                : m.quality.indexChange(signed(data.change.total, lang), dayVi(data.previous.period.from), dayVi(data.previous.period.to))}
            </p>
            <p class="muted">{m.quality.agencyScope(data.agency.name)} · {dayVi(data.period.from)} – {dayVi(data.period.to)}</p>
          </div>
          <div class="table-wrap">
            <table class="qa-table" data-testid="index-groups">
              <caption>{m.quality.group}</caption>
              <thead><tr><th scope="col">{m.quality.group}</th><th scope="col" class="num">{m.quality.points}</th><th scope="col" class="num">{m.quality.maxPoints}</th><th scope="col" class="num">{m.quality.previous}</th><th scope="col" class="num">{m.quality.change}</th></tr></thead>
              <tbody>
                {data.groups.map((g) => {
                  const delta = prevOf(g.key, data.change.groups);
                  return (
                    <tr key={g.key}>
                      <th scope="row"><a href={`#nhom-${g.key}`}>{g.label[lang]}</a></th>
                      <td class="num">{g.points !== null ? `${num(g.points, lang)} / ${g.measuredMaxPoints}` : data.criteria.some((c) => c.group === g.key && c.measured) ? m.quality.noData : m.quality.notMeasured}</td>
                      <td class="num">{g.maxPoints}</td>
                      <td class="num">{prevOf(g.key, data.previous.groups) === null ? '—' : num(prevOf(g.key, data.previous.groups)!, lang)}</td>
                      <td class={`num${trend(delta)}`}>{signed(delta, lang)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {data.groups.map((g) => (
            <section key={g.key} class="qa-group" aria-labelledby={`nhom-${g.key}`}>
              <h2 id={`nhom-${g.key}`} tabIndex={-1}>{g.label[lang]} <span class="muted">({g.maxPoints} {m.quality.points.toLowerCase()})</span></h2>
              <ul class="qa-criteria">
                {data.criteria.filter((c) => c.group === g.key).map((c) => {
                  const delta = prevOf(c.key, data.change.criteria);
                  return (
                    <li key={c.key} class="qa-criterion card" data-key={c.key} data-measured={String(c.measured)}>
                      <div class="qa-criterion__head">
                        <h3>{c.label[lang]}</h3>
                        <Points c={c} />
                      </div>
                      {c.measured && c.points !== null ? (
                        <p>{m.quality.share}: <strong>{pct(c.share, lang)}</strong> · {m.quality.previous}: {prevOf(c.key, data.previous.criteria) === null ? '—' : num(prevOf(c.key, data.previous.criteria)!, lang)} · {m.quality.change}: <span class={trend(delta).trim()}>{signed(delta, lang)}</span></p>
                      ) : null}
                      {Object.keys(c.inputs).length ? (
                        <dl class="qa-inputs" aria-label={m.quality.inputs}>
                          {Object.entries(c.inputs).map(([k, v]) => <div key={k}><dt>{m.quality.inputNames[k] ?? k}</dt><dd>{num(v, lang)}</dd></div>)}
                        </dl>
                      ) : null}
                      <p class="qa-rule"><span class="muted">{m.quality.rule}:</span> {c.rule}</p>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </>
      ) : null}
    </div>
  );
}
