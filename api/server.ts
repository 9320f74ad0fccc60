/** Starts the whole system: configuration, database and migrations, demo data, API and UI. */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connectDatabase, connectOptionsOf } from './db/connect.ts';
import { migrateAll } from './db/migrate-all.ts';
import { seedDemo } from './demo/seed.ts';
import { configuredEngine } from './plugins/engine.ts';
import { createShutdown } from './shutdown.ts';
import pino from 'pino';
import { ensureUiBuilt } from '../ui/build.ts';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

const config = configOrExit();
// The web UI is bundled into ui/dist when its sources changed (a few milliseconds when they did not).
// Under `npm run dev` the watcher (ui/dev.ts) keeps it built instead.
const ui = process.env.MOTCUA_UI_WATCH ? { skipped: true, ms: 0 } : await ensureUiBuilt();
if (!ui.skipped) process.stdout.write(`UI built into ui/dist in ${Math.round(ui.ms)} ms\n`);
const database = await connectDatabase(connectOptionsOf(config));
await migrateAll(database.db);
const seeded = config.demoData ? await seedDemo(database.db, config.demoPassword) : false;
const engine = await configuredEngine(config, pino({ level: config.logLevel }));
const app = await buildApp({ config, database, engine });
// The database closes after the app (its workers, bridge, projector and engine): `shutdown.ts`.
const shutdown = createShutdown(app, { graceMs: config.shutdownGraceSeconds * 1000, log: app.log, closeDatabase: () => database.close() });
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const where = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
app.log.info({ database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined }, 'database ready');
if (config.demoData) {
  app.log.info(
    `${seeded ? 'Demo data created. ' : ''}Log in at ${where} (API docs ${where}/docs) as admin, controller, reception, specialist, leader or supervisor with the password from DEMO_PASSWORD (default motcua-demo).`,
  );
}
