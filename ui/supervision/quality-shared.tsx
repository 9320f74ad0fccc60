/**
 * What the service-quality pages share (`/giam-sat/xu-huong`, `/giam-sat/chi-so-766`, `/giam-sat/can-bo`):
 * their navigation with the live supervision page, the period kept in the URL, the period form with
 * each field's error from the API, and loading a report for it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Query } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { Link, setQuery, useLocation } from '../shared/router.tsx';
import { Alert, Button, TextField } from '../shared/ui.tsx';
import './quality.css';

/** Today as a local (UTC+7) day. */
export const localToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/** A local day as dd/mm/yyyy. */
export const dayVi = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A share 0..1 as a percentage with one decimal. */
export const pct = (x: number | null | undefined, lang: string) => (x === null || x === undefined ? '—' : `${(x * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })}%`);

/** A number with the language's decimal sign. */
export const num = (x: number, lang: string) => x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });

export function QualityNav({ current }: { current: 'live' | 'trends' | 'index' | 'staff' }) {
  const m = useT();
  const { search } = useLocation();
  const agency = search.get('agency');
  const q = agency ? `?agency=${encodeURIComponent(agency)}` : '';
  const links = [
    { key: 'live', href: `/giam-sat${q}`, label: m.quality.navLive },
    { key: 'trends', href: `/giam-sat/xu-huong${q}`, label: m.quality.navTrends },
    { key: 'index', href: `/giam-sat/chi-so-766${q}`, label: m.quality.navIndex },
    { key: 'staff', href: `/giam-sat/can-bo${q}`, label: m.quality.navStaff },
  ];
  return (
    <nav class="qa-nav" aria-label={m.quality.nav}>
      <ul>
        {links.map((l) => <li key={l.key}><Link href={l.href} aria-current={l.key === current ? 'page' : undefined}>{l.label}</Link></li>)}
      </ul>
    </nav>
  );
}

/**
 * The period and extra filters, kept in the URL (`from`, `to`, and the page's own), with the report
 * loaded for them; the API's errors are shown beside their fields.
 */
export function usePeriodReport<T>(path: string, defaults: Record<string, string>) {
  const m = useT();
  const lang = useLang();
  const { search } = useLocation();
  const values: Record<string, string> = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, search.get(k) ?? v]));
  const agency = search.get('agency') ?? undefined;
  const [data, setData] = useState<T | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify([values, agency, lang]);
  useEffect(() => {
    let live = true;
    setBusy(true);
    const query: Query = { ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')), ...(agency ? { agency } : {}) };
    api.get<T>(path, query).then((r) => {
      if (!live) return;
      setData(r);
      setErrors({});
      setError(null);
    }, (err: unknown) => {
      if (!live) return;
      setData(null);
      setErrors(err instanceof ApiError && err.details?.length ? Object.fromEntries(err.details.map((d) => [d.field, d.message])) : {});
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }).finally(() => live && setBusy(false));
    return () => { live = false; };
  }, [key]);
  return { values, data, errors, error, busy, apply: (next: Record<string, string>) => setQuery({ ...next, ...(agency ? { agency } : {}) }) };
}

/** The period form (from, to and the page's extra fields); submitting puts them in the URL. */
export function PeriodForm({ values, errors, busy, onApply, children, extra }: {
  values: Record<string, string>; errors: Record<string, string>; busy: boolean;
  onApply: (v: Record<string, string>) => void; children?: ComponentChildren;
  extra?: (draft: Record<string, string>, set: (k: string, v: string) => void) => ComponentChildren;
}) {
  const m = useT();
  const [draft, setDraft] = useState(values);
  useEffect(() => setDraft(values), [JSON.stringify(values)]);
  const set = (k: string, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <form class="qa-form" onSubmit={(e) => { e.preventDefault(); onApply(draft); }}>
      <TextField type="date" name="from" label={m.quality.from} value={draft.from ?? ''} onValue={(v) => set('from', v)} error={errors.from} required />
      <TextField type="date" name="to" label={m.quality.to} value={draft.to ?? ''} onValue={(v) => set('to', v)} error={errors.to} required />
      {extra?.(draft, set)}
      <Button type="submit" variant="primary" busy={busy}>{m.quality.show}</Button>
      {children}
    </form>
  );
}

export function PageError({ error }: { error: string | null }) {
  return error ? <Alert>{error}</Alert> : null;
}
