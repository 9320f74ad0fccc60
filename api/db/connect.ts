/**
 * Opens the database: PostgreSQL through a `pg` Pool when a URL is given, otherwise embedded PGlite
 * persisted in a directory (or in memory for `memory://`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { SerialPGliteDialect } from './pglite-dialect.ts';
import { prepareRepeatedStatements, StatementNames } from './prepared-statements.ts';
import type { Database } from './database.ts';
import type { Config } from '../config.ts';

// `count(*)` and bigint come back as strings from pg and as numbers from PGlite: make pg return numbers.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL connection string; null → PGlite. */
  databaseUrl: string | null;
  /** Directory for PGlite (`<dataDir>/pg`), or `memory://` for an in-memory database. */
  dataDir: string;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** Seconds an unused PostgreSQL connection stays open (default 600; 0: until closed). */
  idleSeconds?: number;
  /**
   * Told when a PostgreSQL connection is lost (server restart, network, a terminated backend), idle in
   * the pool or checked out between two statements; the pool drops it (on release, for a checked-out
   * one) and opens another when needed. Default: one line on standard error.
   */
  onIdleConnectionError?: (error: Error) => void;
  /** Send the hot path's statements as named prepared statements (default true; `prepared-statements.ts`). */
  preparedStatements?: boolean;
}

/** The PostgreSQL extensions every PGlite opening loads (the migrations create them: pg_trgm and btree_gin for the dossier search). */
export const pgliteExtensions = { pg_trgm, btree_gin };

const warnIdleError = (error: Error) => process.stderr.write(`PostgreSQL: a connection was lost and will be replaced: ${error.message}\n`);

/** The connection options of a configuration (`DATABASE_URL`, `DATA_DIR`, `DATABASE_POOL_SIZE`, `DATABASE_IDLE_SECONDS`, `DATABASE_PREPARED_STATEMENTS`). */
export function connectOptionsOf(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolSize' | 'databaseIdleSeconds' | 'databasePreparedStatements'>): ConnectOptions {
  return {
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, idleSeconds: config.databaseIdleSeconds,
    preparedStatements: config.databasePreparedStatements,
  };
}

/** Opens the database described by the options. */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // Connections are kept (10 minutes unused by default; pg's own default is 10 s): a new backend plans
    // each statement and compiles each trigger function again, 0.3-0.5 s of PostgreSQL's CPU over its
    // first few hundred dossiers (bench/README.md, "Reception → first task", fourth session).
    const idleSeconds = options.idleSeconds ?? 600;
    // Idle connections do not keep the process alive (a command or test that ends without closing exits).
    // No JIT compilation (`jit = off`; an `options` parameter of the URL replaces it): the app's statements are
    // short, but a statement whose estimate passes `jit_above_cost` spent 150-400 ms compiling, every time
    // (bench/README.md, "The summary by class", sixteenth session).
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, idleTimeoutMillis: idleSeconds * 1000, allowExitOnIdle: true, options: '-c jit=off' });
    // Without a listener, the 'error' of a client would crash the process: the pool listens to its idle
    // clients, and each client listens for itself while checked out (a transaction between statements, a
    // request between queries); the statement under way, if any, fails on its own and is answered as such.
    const lost = options.onIdleConnectionError ?? warnIdleError;
    const names = options.preparedStatements === false ? undefined : new StatementNames();
    pool.on('connect', (client) => {
      if (names) prepareRepeatedStatements(client, names);
      let told = false; // a lost connection may say so twice (the server's message, then the closed socket)
      client.on('error', (error) => { if (!told) lost(error); told = true; });
    });
    pool.on('error', () => undefined); // an idle client's error, told already by the client's own listener
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let location = 'memory://';
  if (options.dataDir !== 'memory://') {
    location = join(options.dataDir, 'pg');
    mkdirSync(location, { recursive: true });
  }
  return pgliteHandle(await PGlite.create(location, { extensions: pgliteExtensions }));
}

/** A database handle on an open PGlite (its single connection shared through a mutex). */
export function pgliteHandle(pglite: PGlite): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new SerialPGliteDialect({ pglite }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
