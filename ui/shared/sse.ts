/**
 * A live stream from the API (server-sent events). EventSource cannot send headers, so the access
 * token goes in `?access_token=` (the server never logs that URL). On an error the stream is opened
 * again with a fresh token, after a growing pause; `Last-Event-ID` resumes where it stopped.
 */
import { connectionLost, connectionOk } from './connection.ts';
import { freshToken } from './session.ts';

export interface StreamHandle {
  close(): void;
}

export function openStream(path: string, handlers: Record<string, (data: unknown) => void>, onOpen?: () => void): StreamHandle {
  let source: EventSource | null = null;
  let closed = false;
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    if (closed) return;
    const token = await freshToken(60_000);
    if (closed || !token) return;
    source = new EventSource(`${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`);
    source.onopen = () => {
      delay = 1000;
      connectionOk();
      onOpen?.();
    };
    for (const [event, fn] of Object.entries(handlers)) {
      source.addEventListener(event, (e) => {
        try {
          fn(JSON.parse((e as MessageEvent<string>).data));
        } catch {
          /* a malformed event is ignored */
        }
      });
    }
    source.onerror = () => {
      source?.close();
      source = null;
      if (closed) return;
      if (!navigator.onLine) connectionLost();
      timer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, 15_000);
    };
  };
  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}
