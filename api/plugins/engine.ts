/**
 * The workflow engine of the app (`app.engine`): the embedded engine on the app's database by
 * default, or any `WorkflowEngine` given (the Zeebe adapter, or a test's). Started when the app
 * is ready, stopped when it closes. Engine errors become API errors in the error handler.
 */
import fp from 'fastify-plugin';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/index.ts';
import type { Clock } from '../services/clock.ts';

declare module 'fastify' {
  interface FastifyInstance {
    engine: WorkflowEngine;
  }
}

export interface EnginePluginOptions {
  clock: Clock;
  engine?: WorkflowEngine;
  /** Start polling and timers when the app is ready (default true). */
  autoStart?: boolean;
}

export default fp<EnginePluginOptions>(async (app, opts) => {
  const engine = opts.engine ?? new EmbeddedEngine({ db: app.db, clock: opts.clock });
  app.decorate('engine', engine);
  let started = false;
  if (opts.autoStart !== false) {
    app.addHook('onReady', async () => {
      await engine.start();
      started = true;
    });
  }
  app.addHook('onClose', async () => engine.stop());
  app.readinessChecks.push(async () => (started || opts.autoStart === false ? null : 'workflow engine not started'));
}, { name: 'engine', dependencies: ['database'] });
