/**
 * Collects a step's writes and sends them as few statements as possible: data-modifying CTEs
 * (`WITH w0 AS (INSERT …), w1 AS (UPDATE …) SELECT 1`), split only to stay under PostgreSQL's
 * 65,535 parameters per statement. Fewer round trips is what job throughput depends on.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';

const MAX_PARAMS = 30_000;
const ROWS_PER_INSERT = 1000;

interface Part {
  query: RawBuilder<unknown>;
  params: number;
}

/** Writes of one step. */
export class WriteBatch {
  readonly #parts: Part[] = [];

  /** Adds a raw statement with its number of parameters. */
  add(query: RawBuilder<unknown>, params: number): void {
    this.#parts.push({ query, params });
  }

  /** Adds an INSERT of rows (all with the same keys). */
  insert(table: string, rows: object[]): void {
    if (!rows.length) return;
    const cols = Object.keys(rows[0]!);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT) as Record<string, unknown>[];
      const values = sql.join(chunk.map((r) => sql`(${sql.join(cols.map((c) => r[c]))})`));
      this.add(sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${values}`, chunk.length * cols.length);
    }
  }

  /** Adds a DELETE of the rows whose `column` is one of `keys`. */
  deleteWhereIn(table: string, column: string, keys: string[]): void {
    if (keys.length) this.add(sql`delete from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(keys)})`, keys.length);
  }

  /** Sends the writes. */
  async execute(tx: Kysely<any>): Promise<void> {
    let group: Part[] = [];
    let params = 0;
    for (const part of this.#parts) {
      if (group.length && params + part.params > MAX_PARAMS) {
        await run(tx, group);
        group = [];
        params = 0;
      }
      group.push(part);
      params += part.params;
    }
    if (group.length) await run(tx, group);
  }
}

async function run(tx: Kysely<any>, parts: Part[]): Promise<void> {
  if (parts.length === 1) {
    await parts[0]!.query.execute(tx);
    return;
  }
  const ctes = sql.join(parts.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p.query})`));
  await sql`with ${ctes} select 1`.execute(tx);
}
