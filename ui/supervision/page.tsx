/**
 * `/giam-sat`: the supervisor's live view of an agency subtree (`?agency=` narrows it): open
 * dossiers in time, due soon, overdue and waiting for the applicant, by agency, procedure and step;
 * a procedure's diagram with the dossiers waiting at each step (the heatmap);
 * the overdue list with remind and reassign; the dossiers waiting for a supplement; the latest
 * alerts beside; report II.06a. Live: every task change on the task stream (a claim, a completion,
 * a step turning overdue in the SLA sweep) reloads the counts and lists, debounced.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../shared/api.ts';
import { dateTime } from '../shared/format.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { OFFICERS, usePageTitle } from '../shared/page.ts';
import { Link, useLocation } from '../shared/router.tsx';
import { getSession, hasRole } from '../shared/session.ts';
import { Alert, Loading } from '../shared/ui.tsx';
import { subscribeAlerts, type AlertItem } from '../alerts/store.ts';
import { debounce, useTaskChanges, useTaskStream } from '../tasklist/live.ts';
import { GroupTable, Tiles } from './counts.tsx';
import { Heatmap } from './heatmap.tsx';
import type { OverdueItem, PausedDossier, Summary } from './data.ts';
import { OverdueList } from './overdue.tsx';
import { ReportIi06a } from './report.tsx';
import { QualityNav } from './quality-shared.tsx';
import './supervision.css';

const PAGE_SIZE = 20;


/** The task stream is open to officers only (an admin's page reloads on a timer instead). */
function LiveTasks({ onChange }: { onChange: () => void }) {
  useTaskStream();
  useTaskChanges(onChange);
  return null;
}

function LatestAlerts() {
  const m = useT();
  const lang = useLang();
  const [items, setItems] = useState<AlertItem[] | null>(null);
  useEffect(() => subscribeAlerts(() => {
    api.get<Page<AlertItem>>('/api/alerts', { pageSize: 5 }).then((p) => setItems(p.items), () => setItems([]));
  }), []);
  return (
    <aside class="sv-alerts card" aria-labelledby="sv-alerts">
      <h2 id="sv-alerts">{m.supervision.alertsTitle}</h2>
      {!items ? <Loading /> : items.length === 0 ? <p class="muted">{m.supervision.alertsEmpty}</p> : (
        <ul>
          {items.map((a) => (
            <li key={a.id} class={a.read ? '' : 'sv-alerts__unread'}>
              <span>{lang === 'vi' ? a.titleVi : a.titleEn}</span>
              <span class="muted"> · <time dateTime={a.createdAt}>{dateTime(a.createdAt)}</time></span>
              {a.dossierCode ? <> · <Link href={`/ho-so/${encodeURIComponent(a.dossierCode)}`}>{a.dossierCode}</Link></> : null}
            </li>
          ))}
        </ul>
      )}
      <p><Link href="/canh-bao">{m.supervision.alertsAll}</Link></p>
    </aside>
  );
}

export default function SupervisionPage() {
  const m = useT();
  const lang = useLang();
  usePageTitle(m.supervision.title);
  const { search } = useLocation();
  const agency = search.get('agency') ?? undefined;
  const session = getSession();
  const officer = hasRole(session, ...OFFICERS);
  const canAct = hasRole(session, 'supervisor', 'leader');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [overdue, setOverdue] = useState<Page<OverdueItem> | null>(null);
  const [paused, setPaused] = useState<Page<PausedDossier> | null>(null);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);

  const load = async (p = page) => {
    const scope = agency ? { agency } : {};
    try {
      const [s, o, d] = await Promise.all([
        api.get<Summary>('/api/supervision/summary', scope),
        api.get<Page<OverdueItem>>('/api/supervision/overdue', { ...scope, page: p, pageSize: PAGE_SIZE }),
        api.get<Page<PausedDossier>>('/api/supervision/paused', { ...scope, pageSize: PAGE_SIZE }),
      ]);
      setSummary(s);
      setOverdue(o);
      setPaused(d);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };
  const loadRef = useRef(load);
  loadRef.current = load;
  const [reload] = useState(() => debounce(() => void loadRef.current(), 250));
  useEffect(() => void load(page), [agency, page, lang]);
  useEffect(() => {
    // Without the task stream (an admin), or to catch a dossier changed without a task change.
    const timer = setInterval(() => void loadRef.current(), officer ? 60_000 : 10_000);
    return () => {
      clearInterval(timer);
      reload.cancel();
    };
  }, []);

  const scopeName = summary?.byAgency.find((a) => a.id === summary.agencyId)?.name;
  return (
    <div class="page sv-page">
      {officer ? <LiveTasks onChange={() => reload()} /> : null}
      <QualityNav current="live" />
      <div class="page__head">
        <h1>{m.supervision.title}</h1>
        {summary ? <p class="muted" aria-live="polite">{m.supervision.asOf(dateTime(summary.asOf))}</p> : null}
      </div>
      <p class="muted">{m.supervision.intro} {m.supervision.live}</p>
      {agency ? <p>{m.supervision.scope(scopeName ?? agency)} · <Link href="/giam-sat">{m.supervision.wholeScope}</Link></p> : null}
      {error ? <Alert>{error}</Alert> : null}
      {!summary ? <Loading /> : (
        <div class="sv-top">
          <div class="sv-main">
            <Tiles totals={summary.totals} taskList={officer} />
            <div class="sv-groups">
              <GroupTable kind="agency" title={m.supervision.byAgency} rows={summary.byAgency} taskList={officer} />
              <GroupTable kind="procedure" title={m.supervision.byProcedure} rows={summary.byProcedure} taskList={officer} />
              <GroupTable kind="step" title={m.supervision.byStep} rows={summary.byStep} taskList={officer} />
            </div>
          </div>
          <LatestAlerts />
        </div>
      )}
      <Heatmap agency={agency} tick={summary?.asOf} preferred={summary?.byProcedure[0]?.id} />
      <OverdueList data={overdue} page={page} onPage={setPage} canAct={canAct} onChanged={() => void load()} />
      <section aria-labelledby="cho-bo-sung">
        <h2 id="cho-bo-sung" tabIndex={-1}>{m.supervision.pausedTitle}{paused ? ` (${paused.total})` : ''}</h2>
        {paused && paused.items.length === 0 ? <p>{m.supervision.pausedEmpty}</p> : null}
        {paused && paused.items.length > 0 ? (
          <ul class="sv-paused">
            {paused.items.map((d) => (
              <li key={d.code}>
                <Link href={`/ho-so/${encodeURIComponent(d.code)}`}>{d.code}</Link> · {d.applicantName} · {d.procedureName} · {d.agencyName}
                {d.since ? <span class="muted"> · {m.supervision.pausedSince(dateTime(d.since))}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <ReportIi06a agency={agency} />
    </div>
  );
}
