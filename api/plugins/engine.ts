/**
 * The workflow engine of the app (`app.engine`): the embedded engine on the app's database by
 * default, the Zeebe adapter with `ENGINE=zeebe`, or any `WorkflowEngine` given (tests). Started when
 * the app is ready and stopped when it closes. An engine that cannot start (an unreachable cluster)
 * is reported in one log line and by `/readyz`, and retried — the API keeps serving.
 */
import fp from 'fastify-plugin';
import type { FastifyBaseLogger } from 'fastify';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/index.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../services/clock.ts';
import { preparing } from '../db/prepared-statements.ts';

declare module 'fastify' {
  interface FastifyInstance {
    engine: WorkflowEngine;
  }
}

/** The engine the configuration asks for; undefined: the embedded one (built by the plugin). */
export async function configuredEngine(config: Pick<Config, 'engine' | 'zeebe'>, log: FastifyBaseLogger): Promise<WorkflowEngine | undefined> {
  if (config.engine !== 'zeebe' || !config.zeebe) return undefined;
  const { createZeebeEngine } = await import('../../engine-adapter/zeebe/index.ts');
  return createZeebeEngine(config.zeebe, { logger: { warn: (message: string) => log.warn(message) } });
}

export interface EnginePluginOptions {
  clock: Clock;
  engine?: WorkflowEngine;
  /** Start polling and timers when the app is ready (default true). */
  autoStart?: boolean;
  /** Delay between start attempts of an engine that could not start (default 10 s). */
  retryMs?: number;
}

type Readiness = { ready: boolean; reason?: string };

export default fp<EnginePluginOptions>(async (app, opts) => {
  // The application reads user tasks from the engine's push (the task projector) and repairs from the engine's
  // task table (its reconcile); it never reads the durable feed, whose global lock made every step with a
  // user task commit one at a time (bench/README.md, "Reception → first task").
  const engine = opts.engine ?? new EmbeddedEngine({ db: preparing(app.db), clock: opts.clock, durableUserTaskFeed: false });
  app.decorate('engine', engine);
  let started = false;
  let lastError: string | null = null;
  let retry: NodeJS.Timeout | undefined;
  const attempt = async () => {
    try {
      await engine.start();
      started = true;
      lastError = null;
    } catch (err) {
      const line = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      if (line !== lastError) app.log.error(`Workflow engine not started: ${line}`);
      lastError = line;
      retry = setTimeout(() => void attempt(), opts.retryMs ?? 10_000);
      retry.unref();
    }
  };
  if (opts.autoStart !== false) app.addHook('onReady', attempt);
  app.addHook('onClose', async () => {
    if (retry) clearTimeout(retry);
    await engine.stop();
  });
  app.readinessChecks.push(async () => {
    if (opts.autoStart === false) return null;
    if (!started) return `workflow engine not started${lastError ? `: ${lastError}` : ''}`;
    const check = (engine as { checkReady?: () => Promise<Readiness> }).checkReady;
    if (!check) return null;
    const r = await check.call(engine);
    return r.ready ? null : `workflow engine not ready: ${r.reason ?? 'unknown'}`;
  });
}, { name: 'engine', dependencies: ['database'] });
