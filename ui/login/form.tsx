/** The login form (the login page and the dialog that renews an expired session). */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { setSession, type Me } from '../shared/session.ts';
import { Alert, Button, TextField } from '../shared/ui.tsx';

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Logs in and stores the session; `onDone` is called after. */
export async function login(username: string, password: string): Promise<void> {
  const tokens = await api.post<Tokens>('/api/auth/login', { username, password });
  const res = await fetch('/api/me', { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  const user = (await res.json()) as Me;
  setSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000, user });
}

export function LoginForm({ username: initial = '', onDone }: { username?: string; onDone: () => void }) {
  const m = useT();
  const [username, setUsername] = useState(initial);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});

  const submit = async (e: Event) => {
    e.preventDefault();
    const miss = { username: !username.trim(), password: !password };
    setMissing(miss);
    if (miss.username || miss.password) return;
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      setPassword('');
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ERROR', m.errors.generic));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form login-form" onSubmit={submit} noValidate>
      {error ? <Alert>{error.message}</Alert> : null}
      <TextField label={m.login.username} name="username" autocomplete="username" autoCapitalize="none" spellcheck={false} value={username} onValue={setUsername}
        required error={missing.username ? m.login.required : error?.fieldMessage('username')} />
      <TextField label={m.login.password} name="password" type="password" autocomplete="current-password" value={password} onValue={setPassword}
        required error={missing.password ? m.login.required : error?.fieldMessage('password')} />
      <Button type="submit" variant="primary" busy={busy}>{busy ? m.login.submitting : m.login.submit}</Button>
    </form>
  );
}
