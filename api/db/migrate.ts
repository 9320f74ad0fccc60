/** Runs and inspects the application's migrations (Kysely Migrator, statically imported list). */
import type { Kysely } from 'kysely';
import { Migrator, type MigrationProvider, type Migration } from 'kysely/migration';
import { migrations } from './migrations/index.ts';

/** A provider over a fixed list, so migrations work the same under tsx, tap and a bundle. */
export function staticProvider(list: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => list };
}

function migrator(db: Kysely<any>, list: Record<string, Migration>, table: string): Migrator {
  return new Migrator({
    db,
    provider: staticProvider(list),
    migrationTableName: `${table}`,
    migrationLockTableName: `${table}_lock`,
  });
}

/** Applies every pending migration of one migration set; throws with the failing name. */
export async function migrateSet(db: Kysely<any>, list: Record<string, Migration>, table: string): Promise<string[]> {
  const { error, results } = await migrator(db, list, table).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations of one set not yet applied. */
export async function pendingInSet(db: Kysely<any>, list: Record<string, Migration>, table: string): Promise<string[]> {
  const all = await migrator(db, list, table).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/** Applies the application's pending migrations. */
export function migrateApp(db: Kysely<any>): Promise<string[]> {
  return migrateSet(db, migrations, 'app_migration');
}

/** The application's migrations not yet applied. */
export function pendingApp(db: Kysely<any>): Promise<string[]> {
  return pendingInSet(db, migrations, 'app_migration');
}
