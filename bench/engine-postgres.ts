/** A throw-away PostgreSQL database for the engine benchmark, with its own pool. */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/** A fresh database on the server of `url`; `close()` drops it. */
export async function benchDatabase(url: string, poolSize: number): Promise<{ db: Kysely<any>; label: string; close(): Promise<void> }> {
  const name = `motcua_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: poolSize });
  // Dropping the database terminates idle connections: not an error for a benchmark that is done.
  pool.on('error', () => undefined);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  dbUrl.password = '***';
  return {
    db, label: dbUrl.toString(),
    async close() {
      await db.destroy();
      await dropDatabase(url, name);
    },
  };
}

// FORCE cannot end an autovacuum worker for a non-superuser: retry, then leave the database behind with a warning.
async function dropDatabase(url: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      return;
    } catch (err) {
      if (attempt >= 5) {
        console.warn(`bench: could not drop ${name}: ${(err as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
