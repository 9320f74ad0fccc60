/**
 * Whether the server answers. A failed request marks the connection lost; the banner shows and
 * `/healthz` is polled until the server answers again.
 */
const listeners = new Set<(online: boolean) => void>();
let online = true;
let probing: ReturnType<typeof setTimeout> | undefined;

export function isOnline(): boolean {
  return online;
}

export function onConnectionChange(fn: (online: boolean) => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

function set(next: boolean): void {
  if (next === online) return;
  online = next;
  for (const l of listeners) l(online);
}

async function probe(delay: number): Promise<void> {
  probing = setTimeout(async () => {
    try {
      const res = await fetch('/healthz', { cache: 'no-store' });
      if (res.ok) {
        probing = undefined;
        set(true);
        return;
      }
    } catch {
      /* still down */
    }
    void probe(Math.min(delay * 2, 10_000));
  }, delay);
}

/** Reports that a request could not reach the server. */
export function connectionLost(): void {
  set(false);
  if (!probing) void probe(1000);
}

/** Reports that the server answered. */
export function connectionOk(): void {
  set(true);
}

/** Resolves when the server answers again. */
export function whenOnline(): Promise<void> {
  if (online) return Promise.resolve();
  return new Promise((resolve) => {
    const off = onConnectionChange((up) => {
      if (up) {
        off();
        resolve();
      }
    });
  });
}
