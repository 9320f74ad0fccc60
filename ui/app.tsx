/**
 * The app shell: routes to the areas (each area a separate bundle loaded on first use), sends a
 * visitor who is not signed in to the login page (and back afterwards), renews an expired session
 * in place with a login dialog so that nothing typed is lost, and follows the user's alerts.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './shared/style.css';
import { useLocation, navigate, Link } from './shared/router.tsx';
import { matchPath } from './shared/paths.ts';
import { getSession, hasRole, onSessionChange, type Session } from './shared/session.ts';
import { setReLoginHandler } from './shared/api.ts';
import { getLang, useT } from './shared/i18n.ts';
import { Layout } from './shared/layout.tsx';
import { Dialog, Loading } from './shared/ui.tsx';
import { OFFICERS, type PageModule } from './shared/page.ts';
import { LoginForm } from './login/form.tsx';
import { startAlerts, stopAlerts } from './alerts/store.ts';

interface RouteDef {
  path: string;
  /** The area (its bundle): routes of one area share one mounted page. */
  area: string;
  load: () => Promise<PageModule>;
  /** Roles that may open the page; empty: any signed-in user. */
  roles: string[];
  public?: boolean;
}

const ROUTES: RouteDef[] = [
  { path: '/dang-nhap', area: 'login', load: () => import('./login/page.tsx'), roles: [], public: true },
  { path: '/tiep-nhan', area: 'desk', load: () => import('./desk/page.tsx'), roles: ['receptionist'] },
  { path: '/cong-viec', area: 'tasklist', load: () => import('./tasklist/page.tsx'), roles: OFFICERS },
  { path: '/cong-viec/:key', area: 'tasklist', load: () => import('./tasklist/page.tsx'), roles: OFFICERS },
  { path: '/ho-so/:code', area: 'dossier', load: () => import('./dossier/page.tsx'), roles: [] },
  { path: '/quy-trinh', area: 'modeler', load: () => import('./modeler/page.tsx'), roles: ['procedure_controller', 'admin'] },
  { path: '/quy-trinh/:procedureId', area: 'modeler', load: () => import('./modeler/page.tsx'), roles: ['procedure_controller', 'admin'] },
  { path: '/giam-sat', area: 'supervision', load: () => import('./supervision/page.tsx'), roles: ['supervisor', 'leader', 'admin'] },
  { path: '/giam-sat/xu-huong', area: 'supervision-trends', load: () => import('./supervision/trends-page.tsx'), roles: ['supervisor', 'leader', 'admin'] },
  { path: '/giam-sat/chi-so-766', area: 'supervision-index766', load: () => import('./supervision/index766-page.tsx'), roles: ['supervisor', 'leader', 'admin'] },
  { path: '/giam-sat/can-bo', area: 'supervision-staff', load: () => import('./supervision/staff-page.tsx'), roles: ['supervisor', 'leader', 'admin'] },
  { path: '/canh-bao', area: 'alerts', load: () => import('./alerts/page.tsx'), roles: [] },
  { path: '/tra-cuu', area: 'lookup', load: () => import('./lookup/page.tsx'), roles: [], public: true },
  { path: '/thu-tuc', area: 'catalogue', load: () => import('./catalogue/page.tsx'), roles: [], public: true },
  { path: '/nop-ho-so/:procedureId', area: 'submit', load: () => import('./submit/page.tsx'), roles: [], public: true },
  { path: '/danh-gia', area: 'rating', load: () => import('./rating/page.tsx'), roles: [], public: true },
  { path: '/phan-anh', area: 'feedback', load: () => import('./feedback/page.tsx'), roles: [], public: true },
  { path: '/phan-anh/cong-khai', area: 'feedback', load: () => import('./feedback/page.tsx'), roles: [], public: true },
];

/** Where a user lands: the desk for reception, the task list for the other officers. */
export function homeOf(s: Session): string {
  if (hasRole(s, 'receptionist')) return '/tiep-nhan';
  if (hasRole(s, ...OFFICERS)) return '/cong-viec';
  if (hasRole(s, 'procedure_controller')) return '/quy-trinh';
  return '/canh-bao';
}

const loaded = new Map<string, PageModule>();

function PageHost({ route, params }: { route: RouteDef; params: Record<string, string> }) {
  const [mod, setMod] = useState<PageModule | undefined>(loaded.get(route.area));
  const [failed, setFailed] = useState(false);
  const m = useT();
  useEffect(() => {
    if (loaded.has(route.area)) return setMod(loaded.get(route.area));
    setMod(undefined);
    route.load().then((x) => {
      loaded.set(route.area, x);
      setMod(x);
    }, () => setFailed(true));
  }, [route.area]);
  if (failed) return <div class="page"><p role="alert">{m.connection.lost}</p><button class="btn" onClick={() => location.reload()}>{m.app.retry}</button></div>;
  if (!mod) return <div class="page"><Loading /></div>;
  const Page = mod.default;
  return <Page params={params} />;
}

let resolveReLogin: (() => void) | null = null;

function ReLoginDialog() {
  const m = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    setReLoginHandler(() => new Promise<void>((resolve) => {
      resolveReLogin = resolve;
      setOpen(true);
    }));
  }, []);
  return (
    <Dialog open={open} title={m.login.expiredTitle} onClose={() => undefined}>
      <p>{m.login.expiredIntro}</p>
      <LoginForm username={getSession()?.user.username} onDone={() => {
        setOpen(false);
        resolveReLogin?.();
        resolveReLogin = null;
      }} />
    </Dialog>
  );
}

function NotFound({ forbidden }: { forbidden?: boolean }) {
  const m = useT();
  return (
    <div class="page">
      <h1>{forbidden ? m.app.forbidden : m.app.notFound}</h1>
      <p><Link href="/">{m.app.home}</Link></p>
    </div>
  );
}

function App() {
  const { path } = useLocation();
  const [session, setSessionState] = useState(getSession());
  useEffect(() => onSessionChange(setSessionState), []);
  const signedIn = !!session;
  useEffect(() => {
    if (signedIn) void startAlerts();
    else stopAlerts();
  }, [signedIn, session?.user.id]);

  const match = ROUTES.map((r) => ({ r, params: matchPath(r.path, path) })).find((x) => x.params);
  useEffect(() => {
    if (!session && !match?.r.public && !resolveReLogin) navigate(`/dang-nhap?tiep=${encodeURIComponent(location.pathname + location.search)}`, true);
    else if (session && path === '/') navigate(homeOf(session), true);
  }, [session, path]);

  if (match?.r.public) return <PageHost key={match.r.area} route={match.r} params={match.params!} />;
  if (!session) return null;
  let body;
  if (!match) body = path === '/' ? <Loading /> : <NotFound />;
  else if (match.r.roles.length && !hasRole(session, ...match.r.roles)) body = <NotFound forbidden />;
  else body = <PageHost key={match.r.area} route={match.r} params={match.params!} />;
  return (
    <Layout session={session}>
      {body}
      <ReLoginDialog />
    </Layout>
  );
}

document.documentElement.lang = getLang();
render(<App />, document.getElementById('app')!);
