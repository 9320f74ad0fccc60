/** Applies every migration set the system has: the application's, then the embedded engine's. */
import type { Kysely } from 'kysely';
import { migrateApp, pendingApp } from './migrate.ts';
import { migrateEngine, pendingEngine } from '../../engine-adapter/embedded/migrations.ts';

/** Applies all pending migrations; returns the names applied. */
export async function migrateAll(db: Kysely<any>): Promise<string[]> {
  const applied = await migrateApp(db);
  applied.push(...(await migrateEngine(db)));
  return applied;
}

/** Migrations not yet applied, of every set. */
export async function pendingAll(db: Kysely<any>): Promise<string[]> {
  return [...(await pendingApp(db)), ...(await pendingEngine(db))];
}
