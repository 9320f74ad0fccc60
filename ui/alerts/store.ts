/**
 * The signed-in user's alerts, live: the unread count for the bell, fed by `/api/alerts/stream`.
 * A new alert while the tab is in the background raises the browser's notification when the user
 * allowed it.
 */
import { api, type Page } from '../shared/api.ts';
import { getLang } from '../shared/i18n.ts';
import { openStream, type StreamHandle } from '../shared/sse.ts';

export interface AlertItem {
  id: string;
  kind: string;
  dossierCode: string | null;
  taskKey: string | null;
  title: string;
  body: string;
  titleVi: string;
  titleEn: string;
  createdAt: string;
  read: boolean;
}

type Listener = (state: { unread: number; latest: AlertItem | null }) => void;
const listeners = new Set<Listener>();
let unread = 0;
let latest: AlertItem | null = null;
let stream: StreamHandle | null = null;

function emit(): void {
  for (const l of listeners) l({ unread, latest });
}

export function subscribeAlerts(fn: Listener): () => void {
  listeners.add(fn);
  fn({ unread, latest });
  return () => void listeners.delete(fn);
}

export function setUnread(n: number): void {
  unread = Math.max(0, n);
  emit();
}

function notifyBrowser(a: AlertItem): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return;
  const n = new Notification(getLang() === 'vi' ? a.titleVi : a.titleEn, { body: a.body, tag: `motcua-alert-${a.id}` });
  n.onclick = () => {
    window.focus();
    if (a.dossierCode) location.assign(`/ho-so/${encodeURIComponent(a.dossierCode)}`);
  };
}

/** Starts following the user's alerts (after login); stops with `stopAlerts`. */
export async function startAlerts(): Promise<void> {
  stopAlerts();
  const page = await api.get<Page<AlertItem> & { unread: number }>('/api/alerts', { pageSize: 1 }).catch(() => null);
  if (page) setUnread(page.unread);
  stream = openStream('/api/alerts/stream', {
    notification: (data) => {
      latest = data as AlertItem;
      unread += latest.read ? 0 : 1;
      emit();
      notifyBrowser(latest);
    },
  });
}

export function stopAlerts(): void {
  stream?.close();
  stream = null;
  unread = 0;
  latest = null;
  emit();
}
