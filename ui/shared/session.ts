/**
 * The signed-in session: the access token (short-lived), the refresh token (rotated on every use)
 * and who the user is. Kept in localStorage so every tab of the browser shares one session; a
 * refresh is done by one tab at a time (Web Locks where the page is a secure context, otherwise a
 * lock in localStorage), because a refresh token used twice revokes the whole session.
 */
export interface Me {
  id: string;
  username: string;
  fullName?: string;
  roles: string[];
  agencyId: string;
  agency: { id: string; code: string; name: string; type: string };
  /** Limits of the server (absent in a session stored by an older version). */
  limits?: { documentMaxBytes: number };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  user: Me;
}

const KEY = 'motcua.session';
const LOCK = 'motcua.refresh-lock';
const listeners = new Set<(s: Session | null) => void>();

export function getSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function setSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l(session);
}

/** Calls `fn` whenever the session changes, in this tab or another. */
export function onSessionChange(fn: (s: Session | null) => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

window.addEventListener('storage', (e) => {
  if (e.key === KEY) for (const l of listeners) l(getSession());
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` while holding the browser-wide refresh lock. */
async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks) return locks.request('motcua-refresh', fn) as Promise<T>;
  const me = `${Math.random()}`;
  for (let i = 0; i < 100; i++) {
    const held = JSON.parse(localStorage.getItem(LOCK) ?? 'null') as { id: string; until: number } | null;
    if (!held || held.until < Date.now()) {
      localStorage.setItem(LOCK, JSON.stringify({ id: me, until: Date.now() + 10_000 }));
      await sleep(30);
      if ((JSON.parse(localStorage.getItem(LOCK) ?? 'null') as { id: string } | null)?.id === me) {
        try {
          return await fn();
        } finally {
          localStorage.removeItem(LOCK);
        }
      }
    }
    await sleep(100);
  }
  return fn();
}

let inFlight: Promise<Session | null> | null = null;

/**
 * Rotates the refresh token for a new access token. If another tab did it meanwhile, its session
 * is used. Returns null when the session cannot be renewed (expired, revoked, logged out).
 */
export function refreshSession(): Promise<Session | null> {
  const before = getSession();
  if (!before) return Promise.resolve(null);
  inFlight ??= withRefreshLock(async () => {
    const now = getSession();
    if (!now) return null;
    if (now.refreshToken !== before.refreshToken && now.expiresAt - Date.now() > 30_000) return now;
    try {
      const res = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: now.refreshToken }),
      });
      // Not renewable (expired, revoked): the session stays in place so that the page and what was
      // typed stay too; the API client asks the user to log in again.
      if (!res.ok) return null;
      const body = (await res.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
      const next = { ...now, accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: Date.now() + body.expiresIn * 1000 };
      setSession(next);
      return next;
    } catch {
      return null;
    }
  }).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** An access token valid for at least `marginMs`, refreshed first when needed; null when signed out. */
export async function freshToken(marginMs = 30_000): Promise<string | null> {
  const s = getSession();
  if (!s) return null;
  if (s.expiresAt - Date.now() > marginMs) return s.accessToken;
  return (await refreshSession())?.accessToken ?? null;
}

export function hasRole(s: Session | null, ...roles: string[]): boolean {
  return !!s && s.user.roles.some((r) => roles.includes(r));
}
