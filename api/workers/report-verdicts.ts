/**
 * Fills the stored Decision 766 verdicts of finished dossiers (`services/report-verdicts.ts`), a bounded
 * number of batches per run, every `intervalMs` (the SLA sweep's interval): a dossier finished a moment
 * ago gets its verdict within a run, and a backlog (an upgraded database) drains over several runs
 * without holding the connection for long. Then, once a local day has ended, stores the figures of the
 * dossiers open at its end (`services/report-open.ts`), which the reports of periods ending that day
 * read. Runs never overlap.
 */
import { takeLastEndedDay } from '../services/report-open.ts';
import { fillVerdicts } from '../services/report-verdicts.ts';
import type { Worker, WorkerDeps } from './context.ts';

export interface ReportVerdicts extends Worker {
  /** One run; returns the number of verdicts written. */
  runOnce(): Promise<number>;
}

export function createReportVerdicts(deps: Pick<WorkerDeps, 'db' | 'calendars' | 'log' | 'clock'> & { intervalMs: number; batch?: number; maxBatches?: number }): ReportVerdicts {
  const batch = deps.batch ?? 500;
  const maxBatches = deps.maxBatches ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function runOnce(): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await fillVerdicts(deps.db, deps.calendars, batch);
      total += n;
      if (n < batch) break;
    }
    if (total) deps.log.info({ verdicts: total }, 'report verdicts stored');
    const rows = await takeLastEndedDay(deps.db, deps.calendars, deps.clock.now());
    if (rows !== null) deps.log.info({ rows }, 'open dossiers of the day that ended stored for the reports');
    return total;
  }

  return {
    runOnce,
    start() {
      timer ??= setInterval(() => {
        running = running.then(runOnce).catch((err: unknown) => deps.log.error({ err }, 'report verdicts run failed'));
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
