/**
 * `/giam-sat/can-bo`: per officer of an agency subtree (`?agency=`), the steps completed in a period,
 * the share on time (in the deadline colours: green from 90%, amber from 70%, red below) and the
 * average time per step, with the steps broken down.
 */
import { useLang, useT } from '../shared/i18n.ts';
import { usePageTitle } from '../shared/page.ts';
import { Loading } from '../shared/ui.tsx';
import { localToday, PageError, PeriodForm, pct, QualityNav, usePeriodReport } from './quality-shared.tsx';

interface Step { step: string; name: string | null; completed: number; withDue: number; onTime: number; avgMs: number }
interface Officer { userId: string; fullName: string; username: string; completed: number; withDue: number; onTime: number; onTimeShare: number | null; avgMs: number; steps: Step[] }
interface Staff { period: { from: string; to: string }; items: Officer[] }

function useDuration() {
  const m = useT();
  return (ms: number) => {
    const minutes = Math.round(ms / 60_000);
    return m.quality.duration(Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60);
  };
}

function Share({ o }: { o: { onTimeShare?: number | null; withDue: number; onTime: number } }) {
  const m = useT();
  const lang = useLang();
  const share = o.onTimeShare ?? (o.withDue ? o.onTime / o.withDue : null);
  if (share === null) return <span class="muted">{m.quality.noDue}</span>;
  const tone = share >= 0.9 ? 'ok' : share >= 0.7 ? 'soon' : 'late';
  return <span class={`qa-badge qa-badge--${tone}`}>{pct(share, lang)} <span class="qa-badge__sub">({o.onTime}/{o.withDue})</span></span>;
}

export default function StaffPage() {
  const m = useT();
  usePageTitle(m.quality.staffTitle);
  const today = localToday();
  const duration = useDuration();
  const { values, data, errors, error, busy, apply } = usePeriodReport<Staff>('/api/supervision/staff', { from: `${today.slice(0, 8)}01`, to: today });
  const steps = data?.items.reduce((s, o) => s + o.completed, 0) ?? 0;
  return (
    <div class="page qa-page">
      <QualityNav current="staff" />
      <h1>{m.quality.staffTitle}</h1>
      <p class="muted">{m.quality.staffIntro}</p>
      <PeriodForm values={values} errors={errors} busy={busy} onApply={apply} />
      <PageError error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <p class="qa-summary" aria-live="polite">{m.quality.staffSummary(data.items.length, steps)}</p>
          {data.items.length === 0 ? <p>{m.quality.empty}</p> : (
            <div class="table-wrap">
              <table class="qa-table" data-testid="staff-table">
                <caption>{m.quality.staffTitle}</caption>
                <thead><tr><th scope="col">{m.quality.officer}</th><th scope="col" class="num">{m.quality.completed}</th><th scope="col">{m.quality.onTimeShare}</th><th scope="col" class="num">{m.quality.avgTime}</th><th scope="col">{m.quality.steps}</th></tr></thead>
                <tbody>
                  {data.items.map((o) => (
                    <tr key={o.userId} data-username={o.username}>
                      <th scope="row">{o.fullName} <span class="muted">({o.username})</span></th>
                      <td class="num">{o.completed}</td>
                      <td><Share o={o} /></td>
                      <td class="num">{duration(o.avgMs)}</td>
                      <td>
                        <ul class="qa-steps">
                          {o.steps.map((s) => <li key={s.step}>{m.tasks.steps[s.step] ?? s.name ?? s.step}: {s.completed} · {duration(s.avgMs)} · <Share o={s} /></li>)}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
