/**
 * Requests of the citizens' pages: the public API, with the applicant token (from
 * `POST /api/public/identify`) instead of an officer's session, or other headers (the lookup PIN);
 * errors as the app's `ApiError`.
 */
import { ApiError } from '../shared/api.ts';
import { getLang, messages } from '../shared/i18n.ts';

export async function publicRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': getLang(), ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'NETWORK', messages().connection.network);
  }
  if (!res.ok) {
    const e = (await res.json().catch(() => null)) as { code?: string; message?: string; details?: Array<{ field: string; message: string }> } | null;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? messages().errors.generic, e?.details ?? []);
  }
  return (await res.json()) as T;
}

/** A centre that receives dossiers (`GET /api/public/centres`). */
export interface Centre {
  id: string;
  code: string;
  name: string;
}
