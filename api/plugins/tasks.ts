/**
 * The task list's moving parts: the projector of engine user tasks, the engine bridge (outbox →
 * engine), the feed of live task changes and the closing of unsupplemented dossiers. Started when the app is ready (unless
 * `autoStart` is false: tests drive them), stopped when it closes.
 */
import fp from 'fastify-plugin';
import { createEngineBridge } from '../services/engine-bridge.ts';
import { closeExpiredSupplements } from '../services/supplement-closer.ts';
import { TaskFeed } from '../services/task-feed.ts';
import { TaskProjector } from '../services/task-projector.ts';
import type { OutboxConsumer } from '../workers/outbox-consumer.ts';
import { preparing } from '../db/prepared-statements.ts';

declare module 'fastify' {
  interface FastifyInstance {
    taskProjector: TaskProjector;
    taskBridge: OutboxConsumer;
    /** Live task changes (the task stream); `wake()` it after writing a task. */
    taskFeed: TaskFeed;
    /** Closes dossiers past their supplement deadline (runs every `closerIntervalMs`). */
    closeExpiredSupplements(): Promise<string[]>;
  }
}

export interface TasksPluginOptions {
  autoStart?: boolean;
  /** How often unsupplemented dossiers are looked for (default one minute). */
  closerIntervalMs?: number;
  /**
   * How often the projection is reconciled with the engine (default 30 s): it repairs events missed
   * in a crash and picks up tasks created by another process (`npm run workers`, Zeebe). The first
   * run starts when the app is ready, in the background (ready does not wait for it); each run
   * checks at most `reconcilePages` pages of 500 open tasks, spread over the interval (a pause of
   * interval / pages between two pages: a burst of pages stalled the requests beside it), and the next
   * continues where it stopped; a run never starts while another is under way.
   */
  reconcileIntervalMs?: number;
  /** Pages of 500 open engine tasks checked per reconcile run (default 20). */
  reconcilePages?: number;
  /** How often the live task stream looks for changes while someone listens (default 400 ms). */
  feedIntervalMs?: number;
  /** The engine bridge's idle poll (default 500 ms); a reception or a reception task in this process wakes it at once. */
  bridgePollMs?: number;
}

export default fp<TasksPluginOptions>(async (app, opts) => {
  const projector = new TaskProjector(preparing(app.db), app.engine, app.log, app.clock);
  const bridge = createEngineBridge({ db: preparing(app.db), engine: app.engine, clock: app.clock, projector, log: app.log, leaseMs: app.config.outboxLeaseSeconds * 1000, pollMs: opts.bridgePollMs });
  app.decorate('taskProjector', projector);
  app.decorate('taskBridge', bridge);
  const feed = new TaskFeed(app.db, { log: app.log, ...(opts.feedIntervalMs ? { intervalMs: opts.feedIntervalMs } : {}) });
  app.decorate('taskFeed', feed);
  projector.onWrite(() => feed.wake());
  app.decorate('closeExpiredSupplements', () => closeExpiredSupplements(app.db, app.calendars, app.clock));
  projector.start();
  const timers: NodeJS.Timeout[] = [];
  let lastReconcileError: string | null = null;
  const reconcile = async () => {
    try {
      const pages = opts.reconcilePages ?? 20;
      await projector.reconcileSome({ maxPages: pages, pauseMs: (opts.reconcileIntervalMs ?? 30_000) / pages });
      lastReconcileError = null;
    } catch (err) {
      const line = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      if (line !== lastReconcileError) app.log.error(`Task list not reconciled with the engine: ${line}`);
      lastReconcileError = line;
    }
  };
  const every = (ms: number, work: () => Promise<unknown>) => {
    const timer = setInterval(() => void work().catch((err: unknown) => app.log.error({ err }, 'periodic task failed')), ms);
    timer.unref();
    timers.push(timer);
  };
  if (opts.autoStart !== false) {
    app.addHook('onReady', async () => {
      bridge.start();
      void reconcile();
      every(opts.reconcileIntervalMs ?? 30_000, reconcile);
      every(opts.closerIntervalMs ?? 60_000, () => app.closeExpiredSupplements());
    });
  }
  app.addHook('onClose', async () => {
    for (const timer of timers) clearInterval(timer);
    await bridge.stop();
    projector.stop();
    await projector.idle();
    await feed.stop();
  });
}, { name: 'tasks', dependencies: ['database', 'engine', 'services'] });
