/**
 * A small client router over the History API: readable Vietnamese paths, links that navigate
 * without reloading (and still open in a new tab), and the page title announced on each change.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function currentPath(): string {
  return location.pathname;
}

/** A page with unsaved work asks before the app leaves it for another path (returns false to stay). */
let leaveGuard: (() => boolean) | null = null;

/** Sets the guard asked before navigating to another path; returns the function that removes it. */
export function setLeaveGuard(guard: () => boolean): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

/** Goes to `to` (path and query) without reloading the page. */
export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (leaveGuard && new URL(to, location.href).pathname !== location.pathname && !leaveGuard()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of listeners) l();
}

window.addEventListener('popstate', () => {
  for (const l of listeners) l();
});

/** The current location; re-renders on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, tick] = useState(0);
  useEffect(() => {
    const l = () => tick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

/** Replaces the query string (filters kept in the URL so that a view can be shared and reloaded). */
export function setQuery(params: Record<string, string | undefined>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  navigate(`${location.pathname}${s ? `?${s}` : ''}`, true);
}

export function Link(props: { href: string; children: ComponentChildren } & Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const { href, children, ...rest } = props;
  const onClick = (e: MouseEvent) => {
    (rest.onClick as ((e: MouseEvent) => void) | undefined)?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} {...(rest as object)} onClick={onClick}>{children}</a>;
}
