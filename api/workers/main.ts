/**
 * `npm run workers`: the workers as their own process, for scale — configuration, database,
 * engine and workers, no HTTP routes. Run the API with `WORKERS_IN_PROCESS=false` beside it.
 * SIGTERM / SIGINT stop the workers (handlers in flight finish) and close the database.
 */
import { createShutdown } from '../shutdown.ts';
import Fastify from 'fastify';
import { ConfigError, loadConfig } from '../config.ts';
import { connectDatabase, connectOptionsOf } from '../db/connect.ts';
import { migrateAll } from '../db/migrate-all.ts';
import { loggerOptions } from '../logging.ts';
import databasePlugin from '../plugins/database.ts';
import enginePlugin from '../plugins/engine.ts';
import servicesPlugin from '../plugins/services.ts';
import { systemClock } from '../services/clock.ts';
import { workersConfigOf } from './config.ts';
import tasksPlugin from '../plugins/tasks.ts';
import { configuredEngine } from '../plugins/engine.ts';
import workersPlugin from './plugin.ts';

function configOrExit() {
  try {
    const config = loadConfig();
    return { config, workers: workersConfigOf(config) };
  } catch (err) {
    if (err instanceof ConfigError || (err instanceof Error && err.message.startsWith('Invalid configuration'))) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

const { config, workers } = configOrExit();
const database = await connectDatabase(connectOptionsOf(config));
await migrateAll(database.db);
const app = Fastify({ logger: loggerOptions(config.logLevel) });
app.decorate('config', config);
app.decorate('readinessChecks', [] as Array<() => Promise<string | null>>);
await app.register(databasePlugin, { handle: database, owned: true });
await app.register(servicesPlugin, { dataDir: config.dataDir, clock: systemClock });
await app.register(enginePlugin, { clock: systemClock, engine: await configuredEngine(config, app.log) });
// The task projection and the engine bridge run here too: user tasks created by this process's
// job completions are projected here; both processes share the outbox safely (leases).
await app.register(tasksPlugin);
await app.register(workersPlugin, { config: { ...workers, workersInProcess: true } });
await app.ready();
app.log.info({ database: database.kind, smtp: Boolean(workers.smtpUrl), sweepSeconds: workers.slaSweepSeconds }, 'motcua workers started');

// The database plugin, registered first, closes last; the whole bounded by SHUTDOWN_GRACE_SECONDS (`shutdown.ts`).
const shutdown = createShutdown(app, { graceMs: config.shutdownGraceSeconds * 1000, log: app.log, closeDatabase: async () => undefined });
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
