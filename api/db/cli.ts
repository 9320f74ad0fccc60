/** `npm run db:migrate`: applies every pending migration to the configured database. */
import { ConfigError, loadConfig } from '../config.ts';
import { connectDatabase, connectOptionsOf } from './connect.ts';
import { migrateAll } from './migrate-all.ts';

try {
  const config = loadConfig();
  const handle = await connectDatabase(connectOptionsOf(config));
  try {
    const applied = await migrateAll(handle.db);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  } finally {
    await handle.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`}\n`);
  process.exit(1);
}
