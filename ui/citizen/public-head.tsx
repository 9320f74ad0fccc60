/** The header of the citizens' pages: the brand, the catalogue and the lookup, and the language. */
import { setLang, useLang, useT } from '../shared/i18n.ts';
import { Link, useLocation } from '../shared/router.tsx';

export function PublicHead() {
  const m = useT();
  const lang = useLang();
  const { path } = useLocation();
  const link = (href: string, label: string) => (
    <Link href={href} class="public__link" aria-current={path.startsWith(href) ? 'page' : undefined}>{label}</Link>
  );
  return (
    <header class="public__head citizen-head">
      <Link href="/thu-tuc" class="public__brand"><img src="/favicon.svg" alt="" width="28" height="28" /> <span>{m.citizen.brand}</span></Link>
      <nav aria-label={m.citizen.nav} class="citizen-nav">
        {link('/thu-tuc', m.citizen.catalogue)}
        {link('/tra-cuu', m.citizen.lookup)}
        {link('/phan-anh', m.feedback.nav)}
      </nav>
      <button type="button" class="btn btn--ghost citizen-lang" lang={lang === 'vi' ? 'en' : 'vi'} aria-label={m.nav.languageLabel} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>{m.nav.language}</button>
    </header>
  );
}
