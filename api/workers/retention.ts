/**
 * Retention (issue 17 item 4): what only grows is deleted once it is older than `RETENTION_DAYS` — handled
 * outbox events (dead-lettered ones stay for the operators), and, through the engine, the element history
 * of finished instances, the user-task event feed and expired messages. In batches of `batch` rows, a
 * bounded number per run, every `RETENTION_MINUTES`: a long backlog drains over several runs, and no run
 * holds locks or the single PGlite connection for long. Dossiers, their history and the audit log are
 * records, never pruned.
 */
import { sql } from 'kysely';
import type { Worker, WorkerDeps } from './context.ts';

export interface RetentionDeps extends Pick<WorkerDeps, 'db' | 'engine' | 'clock' | 'log'> {
  days: number;
  intervalMs: number;
  /** Rows per statement (default 500). */
  batch?: number;
  /** Statements per kind and run (default 20). */
  maxBatches?: number;
}

export interface RetentionRun {
  outbox: number;
  messages: number;
  elementHistory: number;
  userTaskEvents: number;
}

export interface Retention extends Worker {
  runOnce(): Promise<RetentionRun>;
}

export function createRetention(deps: RetentionDeps): Retention {
  const batch = deps.batch ?? 500;
  const maxBatches = deps.maxBatches ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function runOnce(): Promise<RetentionRun> {
    const now = deps.clock.now();
    const before = new Date(now.getTime() - deps.days * 86_400_000);
    const total: RetentionRun = { outbox: 0, messages: 0, elementHistory: 0, userTaskEvents: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const res = await sql`delete from outbox where id in (
          select id from outbox where processed_at < ${before} order by processed_at limit ${batch})`.execute(deps.db);
      const n = Number(res.numAffectedRows ?? 0);
      total.outbox += n;
      if (n < batch) break;
    }
    if (deps.engine.pruneHistory) {
      for (let i = 0; i < maxBatches; i++) {
        const r = await deps.engine.pruneHistory(before, batch);
        total.messages += r.messages;
        total.elementHistory += r.elementHistory;
        total.userTaskEvents += r.userTaskEvents;
        if (r.messages < batch && r.elementHistory < batch && r.userTaskEvents < batch) break;
      }
    }
    if (total.outbox + total.messages + total.elementHistory + total.userTaskEvents > 0) {
      // PGlite has no autovacuum: without this, the space of deleted rows would never be reused.
      if (total.outbox) await sql`vacuum outbox`.execute(deps.db);
      if (total.messages + total.elementHistory + total.userTaskEvents) await deps.engine.compactHistory?.();
      deps.log.info({ ...total, before: before.toISOString() }, 'retention: old rows deleted');
    }
    return total;
  }

  return {
    runOnce,
    start() {
      timer ??= setInterval(() => {
        running = running.then(runOnce).catch((err: unknown) => deps.log.error({ err }, 'retention run failed'));
      }, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
