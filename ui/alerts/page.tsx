/**
 * `/canh-bao`: the user's alerts, newest unread first, each linked to its dossier; mark one read.
 * New alerts arrive live (the bell's stream). Offers the browser's notifications for a background tab.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { dateTime } from '../shared/format.ts';
import { usePageTitle } from '../shared/page.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Button, Loading, Pager } from '../shared/ui.tsx';
import { setUnread, subscribeAlerts, type AlertItem } from './store.ts';

const PAGE_SIZE = 20;

function NotificationSwitch() {
  const m = useT();
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported) return null;
  if (permission === 'granted') return <p class="muted">{m.alerts.notificationsOn}</p>;
  if (permission === 'denied') return <p class="muted">{m.alerts.notificationsBlocked}</p>;
  return <Button onClick={async () => setPermission(await Notification.requestPermission())}>{m.alerts.enableNotifications}</Button>;
}

export default function AlertsPage() {
  const m = useT();
  const lang = useLang();
  usePageTitle(m.alerts.title);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<(Page<AlertItem> & { unread: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (p = page) => {
    try {
      const d = await api.get<Page<AlertItem> & { unread: number }>('/api/alerts', { page: p, pageSize: PAGE_SIZE });
      setData(d);
      setUnread(d.unread);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };
  useEffect(() => void load(page), [page, lang]);
  // A live alert: show it at the top of the first page.
  useEffect(() => subscribeAlerts(({ latest }) => {
    if (!latest) return;
    setData((d) => (d && page === 1 && !d.items.some((i) => i.id === latest.id) ? { ...d, items: [latest, ...d.items].slice(0, PAGE_SIZE), total: d.total + 1, unread: d.unread + 1 } : d));
  }), [page]);

  const markRead = async (a: AlertItem) => {
    try {
      await api.post(`/api/alerts/${a.id}/read`);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };

  return (
    <div class="page">
      <div class="page__head">
        <h1>{m.alerts.title}</h1>
        {data ? <p class="muted" aria-live="polite">{m.alerts.unread(data.unread)}</p> : null}
      </div>
      <p class="muted">{m.alerts.live}</p>
      <NotificationSwitch />
      {error ? <Alert>{error}</Alert> : null}
      {!data ? <Loading /> : data.items.length === 0 ? <p>{m.alerts.empty}</p> : (
        <ul class="alert-list">
          {data.items.map((a) => (
            <li key={a.id} class={`alert-item${a.read ? '' : ' alert-item--unread'}`}>
              <div class="alert-item__text">
                <p class="alert-item__title">{lang === 'vi' ? a.titleVi : a.titleEn}</p>
                <p>{a.body}</p>
                <p class="muted">
                  <time dateTime={a.createdAt}>{dateTime(a.createdAt)}</time>
                  {a.dossierCode ? <> · {m.alerts.dossier} <Link href={`/ho-so/${encodeURIComponent(a.dossierCode)}`}>{a.dossierCode}</Link></> : null}
                </p>
              </div>
              {a.read ? <span class="muted">{m.alerts.read}</span> : <Button onClick={() => void markRead(a)} aria-label={`${m.alerts.markRead}: ${lang === 'vi' ? a.titleVi : a.titleEn}`}>{m.alerts.markRead}</Button>}
            </li>
          ))}
        </ul>
      )}
      {data && data.total > PAGE_SIZE ? <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} /> : null}
    </div>
  );
}
