/**
 * The embedded engine's own migration set: tables prefixed `engine_`, tracked in `engine_migration`,
 * independent of the application's migrations so the engine can be used on its own.
 */
import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';

export const engineMigrations: Record<string, Migration> = {};

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => engineMigrations },
    migrationTableName: 'engine_migration',
    migrationLockTableName: 'engine_migration_lock',
  });
}

/** Applies the engine's pending migrations; returns the names applied. */
export async function migrateEngine(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw new Error(`Engine migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The engine's migrations not yet applied. */
export async function pendingEngine(db: Kysely<any>): Promise<string[]> {
  return (await migrator(db).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}
