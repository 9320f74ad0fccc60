/**
 * The frame of every signed-in page: a skip link, the header (the centre, navigation by role, the
 * alerts bell, the language switch, the user and logout), the connection banner and the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { setLang, useLang, useT } from './i18n.ts';
import { Link, useLocation } from './router.tsx';
import { getSession, hasRole, setSession, type Session } from './session.ts';
import { onConnectionChange, isOnline } from './connection.ts';
import { stopAlerts, subscribeAlerts } from '../alerts/store.ts';
import { navigate } from './router.tsx';

export interface NavItem {
  href: string;
  label: string;
  roles: string[];
}

/** Ends the session on the server and in every tab. */
export async function logout(): Promise<void> {
  const s = getSession();
  setSession(null);
  stopAlerts();
  if (s) await fetch('/api/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) }).catch(() => undefined);
  navigate('/dang-nhap');
}

function Bell() {
  const m = useT();
  const [unread, setUnread] = useState(0);
  useEffect(() => subscribeAlerts((s) => setUnread(s.unread)), []);
  return (
    <Link href="/canh-bao" class="bell" aria-label={m.nav.bell(unread)} data-testid="bell">
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" /></svg>
      {unread ? <span class="bell__count" aria-hidden="true">{unread > 99 ? '99+' : unread}</span> : null}
    </Link>
  );
}

function ConnectionBanner() {
  const m = useT();
  const [online, setOnline] = useState(isOnline());
  useEffect(() => onConnectionChange(setOnline), []);
  return online ? null : <div class="banner banner--offline" role="alert">{m.connection.lost}</div>;
}

export function Layout({ session, children }: { session: Session; children: ComponentChildren }) {
  const m = useT();
  const lang = useLang();
  const { path } = useLocation();
  const items: NavItem[] = [
    { href: '/tiep-nhan', label: m.nav.desk, roles: ['receptionist'] },
    { href: '/cong-viec', label: m.nav.tasks, roles: ['receptionist', 'specialist', 'leader', 'supervisor'] },
    { href: '/giam-sat', label: m.supervision.nav, roles: ['supervisor', 'leader', 'admin'] },
    { href: '/quy-trinh', label: m.modeler.nav, roles: ['procedure_controller', 'admin'] },
    { href: '/canh-bao', label: m.nav.alerts, roles: [] },
  ];
  const visible = items.filter((i) => !i.roles.length || hasRole(session, ...i.roles));
  const name = session.user.fullName || session.user.username;
  return (
    <>
      <a class="skip" href="#main">{m.app.skip}</a>
      <header class="header">
        <Link href="/" class="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span><strong>{m.app.name}</strong><small>{session.user.agency.name}</small></span>
        </Link>
        <nav aria-label={m.nav.label} class="nav">
          <ul>
            {visible.map((i) => (
              <li key={i.href}><Link href={i.href} aria-current={path === i.href || path.startsWith(`${i.href}/`) ? 'page' : undefined}>{i.label}</Link></li>
            ))}
          </ul>
        </nav>
        <div class="header__tools">
          <Bell />
          <button type="button" class="btn btn--ghost" lang={lang === 'vi' ? 'en' : 'vi'} aria-label={m.nav.languageLabel} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>{m.nav.language}</button>
          <span class="user" title={session.user.roles.map((r) => m.roles[r] ?? r).join(', ')}>{name}</span>
          <button type="button" class="btn btn--ghost" onClick={() => void logout()}>{m.nav.logout}</button>
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
