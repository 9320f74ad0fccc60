/**
 * Database targets for tests: every database test runs on PGlite (in memory, restored from a blank or
 * migrated template: `pglite-templates.ts`) and, when `TEST_DATABASE_URL` is set, on PostgreSQL as well —
 * each opening gets a fresh database of its own.
 * If the URL is set but the server is unreachable the test fails; it never skips silently.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../api/db/connect.ts';
import { migrateAll } from '../../api/db/migrate-all.ts';
import { openPglite } from './pglite-templates.ts';

export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, empty database. */
  open(): Promise<DatabaseHandle>;
  /** Opens a fresh database with every migration applied. */
  openMigrated(): Promise<DatabaseHandle>;
}

/** A fresh PostgreSQL database on the server of `url`; dropped again on close. */
export async function freshPostgres(url: string, poolSize?: number): Promise<DatabaseHandle & { url: string }> {
  const name = `motcua_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = await connectDatabase({ databaseUrl: dbUrl.toString(), dataDir: 'memory://', poolSize });
  return {
    ...handle,
    url: dbUrl.toString(),
    async close() {
      await handle.close();
      await dropDatabase(url, name);
    },
  };
}

/**
 * Drops a test database. `with (force)` may fail for a role that cannot signal an autovacuum worker
 * (pg_signal_backend); the pool is closed by then, so a plain drop succeeds after a short wait.
 */
export async function dropDatabase(url: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(attempt === 1 ? `drop database if exists ${name} with (force)` : `drop database if exists ${name}`);
      return;
    } catch (err) {
      if (attempt >= 10) throw err;
    } finally {
      await client.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

function withMigrations(open: () => Promise<DatabaseHandle>): () => Promise<DatabaseHandle> {
  return async () => {
    const handle = await open();
    try {
      await migrateAll(handle.db);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle;
  };
}

/** The database targets of this run: PGlite always, PostgreSQL when `TEST_DATABASE_URL` is set. */
export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: 'pglite', open: () => openPglite('blank'), openMigrated: () => openPglite('migrated') }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const pgOpen = () => freshPostgres(url);
    targets.push({ name: 'postgres', open: pgOpen, openMigrated: withMigrations(pgOpen) });
  }
  return targets;
}
