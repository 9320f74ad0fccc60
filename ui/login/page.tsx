/** `/dang-nhap`: the officers' login page; afterwards back to where they were going (`?tiep=`). */
import { useEffect } from 'preact/hooks';
import { setLang, useLang, useT } from '../shared/i18n.ts';
import { usePageTitle } from '../shared/page.ts';
import { Link, navigate } from '../shared/router.tsx';
import { getSession } from '../shared/session.ts';
import { LoginForm } from './form.tsx';

function nextPath(): string {
  const next = new URLSearchParams(location.search).get('tiep') ?? '/';
  // Only paths of this site (never another origin).
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const m = useT();
  const lang = useLang();
  usePageTitle(m.login.title);
  useEffect(() => {
    if (getSession()) navigate(nextPath(), true);
  }, []);
  return (
    <main id="main" class="login">
      <div class="login__card">
        <div class="login__brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <div>
            <p class="login__name">{m.app.name}</p>
            <p class="muted">{m.app.tagline}</p>
          </div>
        </div>
        <h1>{m.login.title}</h1>
        <p class="muted">{m.login.intro}</p>
        <LoginForm onDone={() => navigate(nextPath(), true)} />
        <p class="login__foot">
          <Link href="/tra-cuu">{m.login.citizen}</Link>
          <button type="button" class="btn btn--ghost" lang={lang === 'vi' ? 'en' : 'vi'} aria-label={m.nav.languageLabel} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>{m.nav.language}</button>
        </p>
      </div>
    </main>
  );
}
