/**
 * Kysely's PGlite dialect with a connection mutex. PGlite has a single connection; Kysely's driver
 * hands the same one to every caller, so a query issued while another caller's transaction is open
 * would run inside that transaction. The mutex gives each query or transaction the connection alone,
 * as a pool of size one would.
 */
import { PGliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

class MutexDriver implements Driver {
  readonly #inner: Driver;
  readonly #mutex = new Mutex();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#inner.acquireConnection();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection);
    } finally {
      this.#mutex.unlock();
    }
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** The PGlite dialect, one query or transaction at a time. */
export class SerialPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new MutexDriver(super.createDriver());
  }
}
