/**
 * Server-sent event streams (`text/event-stream`): opening one on a hijacked reply with a
 * heartbeat, and the `?access_token=` a browser's EventSource must use (it cannot set headers).
 * Stream routes log at `warn` so that the URL, with the token, is never logged.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionLive } from '../plugins/auth.ts';

/** Comment line sent while nothing happens, so proxies keep the connection open. */
const HEARTBEAT_MS = 25_000;
/** How often an open stream checks that its login session still lives (logout, reset, disable end it). */
export const SESSION_CHECK_MS = 5_000;

/** Copies `?access_token=` into the Authorization header before the auth guard runs (route `onRequest`). */
export async function tokenFromQuery(request: FastifyRequest): Promise<void> {
  const token = (request.query as { access_token?: unknown }).access_token;
  if (!request.headers.authorization && typeof token === 'string' && token) request.headers.authorization = `Bearer ${token}`;
}

/** An open stream: `send` writes one event; `onClose` runs once when the client leaves or `close()` is called. */
export interface EventStream {
  send(event: string, data: unknown, id?: string | number): void;
  onClose(cleanup: () => void): void;
  close(): void;
}

/**
 * Opens an event stream on the reply and registers it in `open` (closed all at once when the app
 * closes); the heartbeat stops with it.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, open: Set<() => void>): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(': connected\n\n');
  const cleanups: Array<() => void> = [];
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  // A stream outlives the access token that opened it: it ends when its session is revoked.
  const sessionId = request.user?.sessionId;
  const sessionCheck = sessionId
    ? setInterval(() => void sessionLive(request.server.db, sessionId).then((live) => { if (!live) close(); }, () => undefined), SESSION_CHECK_MS)
    : undefined;
  const close = () => {
    if (!open.delete(close)) return;
    clearInterval(heartbeat);
    clearInterval(sessionCheck);
    for (const cleanup of cleanups) cleanup();
    if (!res.writableEnded) res.end();
  };
  open.add(close);
  request.raw.once('close', close);
  return {
    send(event, data, id) {
      if (res.writableEnded) return;
      res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose: (cleanup) => cleanups.push(cleanup),
    close,
  };
}
