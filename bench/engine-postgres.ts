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
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
