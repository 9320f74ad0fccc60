/**
 * The task list's moving parts: the projector of engine user tasks, the engine bridge (outbox →
 * engine) and the closing of unsupplemented dossiers. Started when the app is ready (unless
 * `autoStart` is false: tests drive them), stopped when it closes.
 */
import fp from 'fastify-plugin';
import { createEngineBridge } from '../services/engine-bridge.ts';
import { closeExpiredSupplements } from '../services/supplement-closer.ts';
import { TaskProjector } from '../services/task-projector.ts';
import type { OutboxConsumer } from '../workers/outbox-consumer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    taskProjector: TaskProjector;
    taskBridge: OutboxConsumer;
    /** Closes dossiers past their supplement deadline (runs every `closerIntervalMs`). */
    closeExpiredSupplements(): Promise<string[]>;
  }
}

export interface TasksPluginOptions {
  autoStart?: boolean;
  /** How often unsupplemented dossiers are looked for (default one minute). */
  closerIntervalMs?: number;
}

export default fp<TasksPluginOptions>(async (app, opts) => {
  const projector = new TaskProjector(app.db, app.engine, app.log);
  const bridge = createEngineBridge({ db: app.db, engine: app.engine, clock: app.clock, projector, log: app.log });
  app.decorate('taskProjector', projector);
  app.decorate('taskBridge', bridge);
  app.decorate('closeExpiredSupplements', () => closeExpiredSupplements(app.db, app.calendars, app.clock));
  projector.start();
  let timer: NodeJS.Timeout | undefined;
  if (opts.autoStart !== false) {
    app.addHook('onReady', async () => {
      await projector.reconcile();
      bridge.start();
      timer = setInterval(() => void app.closeExpiredSupplements().catch((err: unknown) => app.log.error({ err }, 'closing unsupplemented dossiers failed')), opts.closerIntervalMs ?? 60_000);
      timer.unref();
    });
  }
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await bridge.stop();
    projector.stop();
    await projector.idle();
  });
}, { name: 'tasks', dependencies: ['database', 'engine', 'services'] });
