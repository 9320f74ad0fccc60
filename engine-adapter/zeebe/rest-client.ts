/**
 * A small client of the Orchestration Cluster REST API v2 (`<restAddress>/v2/...`): JSON in and out
 * (or text out, for XML), the SDK's auth headers, bounded retries on 429/502/503/504 and network
 * failures, and problem details (RFC 9457) mapped to the engine's typed errors.
 */
import { EngineError, InvalidArgumentError, InvalidStateError, NotFoundError, type EngineErrorContext } from '../errors.ts';
import { EngineRequestError, EngineUnauthorizedError } from './errors.ts';
import { withRetry, type RetryClassifier, type RetryPolicy } from './retry.ts';
import type { HeadersProvider } from './sdk-clients.ts';

/** What a REST call is about, so that a 404 names it. */
export interface RestSubject {
  what: string;
  key: string;
  context?: EngineErrorContext;
}

/** A non-2xx answer, before mapping. */
class HttpStatusError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(`HTTP ${status}: ${detail}`);
  }
}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function restClassifier(target: string): RetryClassifier {
  return {
    target,
    isTransient: (e) => (e instanceof HttpStatusError ? TRANSIENT_STATUS.has(e.status) : !(e instanceof EngineError)),
    describe: (e) => (e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}` : String(e)),
  };
}

async function problemDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const p = JSON.parse(text) as { title?: string; detail?: string };
    return [p.title, p.detail].filter(Boolean).join(': ') || res.statusText;
  } catch {
    return text || res.statusText;
  }
}

function mapHttpError(operation: string, e: HttpStatusError, subject?: RestSubject): Error {
  const context = { ...subject?.context, ...(subject ? { key: subject.key } : {}) };
  if (e.status === 404 && subject) return Object.assign(new NotFoundError(subject.what, subject.key, subject.context), { detail: e.detail });
  if (e.status === 400) return new InvalidArgumentError(`${operation} rejected by the cluster as invalid: ${e.detail}`, context);
  if (e.status === 409) {
    // A user-task command denied by a task listener: "… was denied by Task Listener. Reason to deny: '…'".
    const denied = /was denied by Task Listener\. Reason to deny: '([\s\S]*)'$/.exec(e.detail);
    return new InvalidStateError(`${operation} rejected by the cluster: ${e.detail}`, { ...context, ...(denied ? { deniedReason: denied[1] } : {}) });
  }
  if (e.status === 401 || e.status === 403) return new EngineUnauthorizedError(operation, e.detail, { cause: e });
  return new EngineRequestError(operation, `HTTP ${e.status}`, e.detail, context, { cause: e });
}

/** The REST client. */
export class RestClient {
  readonly #base: string;
  readonly #policy: RetryPolicy;
  readonly #auth: HeadersProvider;

  constructor(restAddress: string, policy: RetryPolicy, auth: HeadersProvider) {
    this.#base = `${restAddress}/v2`;
    this.#policy = policy;
    this.#auth = auth;
  }

  async #headers(hasBody: boolean, accept: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept };
    if (hasBody) headers['content-type'] = 'application/json';
    for (const [k, v] of Object.entries(await this.#auth.getHeaders('ZEEBE'))) if (v) headers[k] = v;
    return headers;
  }

  /** One HTTP exchange; resolves the body as text ('' for 204). */
  async #attempt(method: string, path: string, body: unknown, accept: string): Promise<string> {
    const res = await fetch(`${this.#base}${path}`, {
      method, headers: await this.#headers(body !== undefined, accept),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.#policy.timeoutMs + 100),
    });
    if (!res.ok) throw new HttpStatusError(res.status, await problemDetail(res));
    return res.text();
  }

  /** The exchange with bounded retries; a non-2xx answer mapped to an engine error. */
  async #send(operation: string, method: HttpMethod, path: string, body: unknown, subject: RestSubject | undefined, accept: string): Promise<string> {
    try {
      return await withRetry(operation, this.#policy, restClassifier(`Camunda REST API ${this.#base}`), () => this.#attempt(method, path, body, accept));
    } catch (error) {
      throw error instanceof HttpStatusError ? mapHttpError(operation, error, subject) : error;
    }
  }

  /** Sends a request and parses the JSON answer (undefined for 204); `operation` names it in errors, `subject` names what a 404 is about. */
  async request<T>(operation: string, method: HttpMethod, path: string, body?: unknown, subject?: RestSubject): Promise<T | undefined> {
    const text = await this.#send(operation, method, path, body, subject, 'application/json');
    return text ? (JSON.parse(text) as T) : undefined;
  }

  /** `GET`s a resource that is text, not JSON (e.g. BPMN XML of `accept` type); resolves it as is ('' for 204). */
  getText(operation: string, path: string, accept: string, subject?: RestSubject): Promise<string> {
    return this.#send(operation, 'GET', path, undefined, subject, `${accept}, application/problem+json`);
  }
}
