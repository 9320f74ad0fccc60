/**
 * The one client of the API. Sends the access token and the user's language, renews the session
 * when the token has expired (and asks the user to log in again when it cannot, keeping the page
 * and what was typed), retries reads when the connection is lost, and turns every error answer into
 * an `ApiError` with the server's message and the bad fields (`details`).
 */
import { getLang, messages } from './i18n.ts';
import { connectionLost, connectionOk, whenOnline } from './connection.ts';
import { freshToken, getSession, refreshSession } from './session.ts';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: FieldError[] = []) {
    super(message);
  }

  /** The message of one field (`formData.applicant.phone`), or undefined. */
  fieldMessage(field: string): string | undefined {
    return this.details.find((d) => d.field === field)?.message;
  }
}

/** Asked when the session cannot be renewed: resolves once the user has logged in again. */
let reLogin: (() => Promise<void>) | null = null;
export function setReLoginHandler(fn: () => Promise<void>): void {
  reLogin = fn;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

interface Options {
  body?: unknown;
  query?: Query;
  /** Return the raw Response (downloads). */
  raw?: boolean;
  signal?: AbortSignal;
}

async function send(method: string, path: string, opts: Options, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': getLang() };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  // FormData and Blob (e.g. BPMN XML) go as they are; the browser sets their content type.
  if (opts.body instanceof FormData || opts.body instanceof Blob) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  return fetch(withQuery(path, opts.query), { method, headers, body, signal: opts.signal });
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { code?: string; message?: string; details?: FieldError[] } | null;
  return new ApiError(res.status, body?.code ?? `HTTP_${res.status}`, body?.message ?? messages().errors.generic, body?.details ?? []);
}

/** Sends a request to the API; see the module comment for what it takes care of. */
export async function request<T>(method: string, path: string, opts: Options = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await send(method, path, opts, await freshToken());
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      connectionLost();
      if (method === 'GET' && attempt < 20) {
        await whenOnline();
        continue;
      }
      throw new ApiError(0, 'NETWORK', messages().connection.network);
    }
    connectionOk();
    if (res.status === 401 && getSession() && attempt < 3) {
      if (!(await refreshSession()) && reLogin) await reLogin();
      continue;
    }
    if (res.status === 401 && !getSession() && reLogin && !path.startsWith('/api/auth/') && attempt < 3) {
      await reLogin();
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    if (opts.raw) return res as unknown as T;
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
  /** Downloads a file (a form PDF) with the session's token; returns a blob URL to open. */
  async blobUrl(path: string): Promise<string> {
    const res = await request<Response>('GET', path, { raw: true });
    return URL.createObjectURL(await res.blob());
  },
};

export interface Page<T> {
  items: T[];
  total: number;
  /** False when the server stopped counting at `total` (there are more). */
  totalExact?: boolean;
  page: number;
  pageSize: number;
}
