/**
 * The server's shutdown on SIGTERM / SIGINT, in order:
 * 1. `app.close()`: the HTTP server stops accepting requests and ends its live streams (`preClose`),
 *    waits for the requests in flight (closing keep-alive connections as they turn idle); then the plugins' `onClose` hooks run in reverse order of
 *    registration — the workers and their outbox consumer, the task bridge, projector, timers and feed
 *    (an outbox consumer finishes the events it began and releases those it had claimed but not begun),
 *    then the engine (its timers and job workers);
 * 2. only then the database (closing it first gave "driver has already been destroyed" in the
 *    consumers still running).
 * The whole is bounded by `SHUTDOWN_GRACE_SECONDS`: past it, the phase under way is logged and the
 * process exits with code 1 (a hung handler must not keep a stopped server alive). A second signal
 * during the shutdown is ignored (the bound still applies).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  graceMs: number;
  log: FastifyBaseLogger;
  /** Closes the database (after the app). */
  closeDatabase: () => Promise<void>;
  exit?: (code: number) => void;
}

/** Shuts down once (see above); resolves when it exited (or asked `exit` to). */
export function createShutdown(app: FastifyInstance, opts: ShutdownOptions): (signal: string) => Promise<void> {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let started = false;
  return async (signal) => {
    if (started) return;
    started = true;
    let phase = 'closing the app (HTTP server, workers, task bridge and projector, engine)';
    const t0 = Date.now();
    opts.log.info({ signal, graceMs: opts.graceMs }, 'shutting down');
    const bound = setTimeout(() => {
      opts.log.error({ signal, graceMs: opts.graceMs, phase }, 'shutdown did not finish within SHUTDOWN_GRACE_SECONDS; exiting');
      exit(1);
    }, opts.graceMs);
    let code = 0;
    // A keep-alive connection whose request was in flight at the signal turns idle after `close()`
    // began and would be held for Fastify's keepAliveTimeout (72 s): close idle connections as they appear.
    const idle = setInterval(() => app.server.closeIdleConnections?.(), 100);
    try {
      await app.close();
    } catch (err) {
      code = 1;
      opts.log.error({ err }, 'error while closing the app');
    }
    clearInterval(idle);
    phase = 'closing the database';
    try {
      await opts.closeDatabase();
    } catch (err) {
      code = 1;
      opts.log.error({ err }, 'error while closing the database');
    }
    clearTimeout(bound);
    opts.log.info({ signal, ms: Date.now() - t0 }, 'shut down');
    exit(code);
  };
}
