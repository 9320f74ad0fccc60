/**
 * Named prepared statements for the statements of the hot path (issue 18). Kysely sends each statement
 * as an unnamed one, so PostgreSQL parses, analyses and plans it at every execution: a quarter of
 * PostgreSQL's CPU during a burst of receptions (bench/README.md, "Where PostgreSQL's CPU goes in a
 * burst"). The code of the hot path — the engine, the outbox, the task projection, the reception, the
 * applicant's messages, the session lookup — runs its statements through `preparing(db)`, which marks
 * them; a marked text seen `after` times by the process is sent under a name derived from its text, so
 * each connection parses it once and PostgreSQL's plan cache keeps its plan (generic once it costs no
 * more than the custom ones, PostgreSQL's own rule). Those statements find rows by key, where a generic
 * plan is the custom one. Lists and searches are not marked: their best plan depends on the values (a
 * name search's generic plan reads a commune's 19,708 names where the custom one reads the index for 2
 * rows: 54 ms against 5), so they are planned for their values each time.
 *
 * Bounded: at most `perConnection` names on one connection (later texts go unnamed), and the texts
 * counted or named are forgotten once `tracked` are held (a name is derived from its text, so a text
 * named again gets the name its connections hold already). Only statements with parameters are named:
 * the others go by the simple protocol (a migration's several statements in one text). A statement
 * whose cached plan PostgreSQL refuses after a change of a table's columns ("cached plan must not
 * change result type", while another process migrates) fails once; every connection then prepares
 * under new names.
 */
import { createHash } from 'node:crypto';
import { DeleteQueryNode, InsertQueryNode, QueryNode, RawNode, SelectModifierNode, SelectQueryNode, UpdateQueryNode, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type pg from 'pg';

/** The comment that marks a statement of the hot path. */
export const PREPARE_MARK = '/* prepared */';
const MARK_NODE = RawNode.createWithSql(` ${PREPARE_MARK}`);

/** Marks each statement for preparation (at its end: a comment, so the SQL is unchanged). */
class PrepareMark implements KyselyPlugin {
  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    if (SelectQueryNode.is(node)) {
      return node.endModifiers?.some((m) => m.rawModifier === MARK_NODE) ? node : QueryNode.cloneWithEndModifier(node, SelectModifierNode.createWithExpression(MARK_NODE));
    }
    if (InsertQueryNode.is(node) || UpdateQueryNode.is(node) || DeleteQueryNode.is(node)) {
      return node.endModifiers?.includes(MARK_NODE) ? node : QueryNode.cloneWithEndModifier(node, MARK_NODE);
    }
    if (RawNode.is(node) && !node.sqlFragments.at(-1)?.endsWith(PREPARE_MARK)) {
      return RawNode.create([...node.sqlFragments.slice(0, -1), `${node.sqlFragments.at(-1) ?? ''} ${PREPARE_MARK}`], node.parameters);
    }
    return node;
  }

  async transformResult<R>({ result }: { result: R }): Promise<R> {
    return result;
  }
}

const PREPARE = new PrepareMark();
const marked = new WeakMap<object, object>();
const markers = new WeakSet<object>();

/** `db` (a Kysely instance or transaction) whose statements are prepared once repeated: for key lookups and writes only. */
export function preparing<D extends { withPlugin(plugin: KyselyPlugin): D }>(db: D): D {
  if (markers.has(db)) return db; // marked already (the engine bridge hands its marked db to its outbox consumer)
  let m = marked.get(db) as D | undefined;
  if (!m) {
    m = db.withPlugin(PREPARE);
    marked.set(db, m);
    markers.add(m);
  }
  return m;
}

export interface PreparedStatementOptions {
  /** Executions of a text before it is named (default 2: a statement run once is never prepared). */
  after?: number;
  /** Names one connection holds at most (default 400). */
  perConnection?: number;
  /** Texts counted before the counts start again (default 5,000). */
  tracked?: number;
}

/** PostgreSQL refuses a cached plan whose result columns changed (SQLSTATE 0A000). */
const RESULT_TYPE_CHANGED = /cached plan must not change result type/;

/** The names shared by a pool's connections: which texts are named, and under which generation. */
export class StatementNames {
  readonly #after: number;
  readonly #perConnection: number;
  readonly #tracked: number;
  readonly #seen = new Map<string, number>();
  readonly #names = new Map<string, string>();
  #generation = 0;

  constructor(options: PreparedStatementOptions = {}) {
    this.#after = options.after ?? 2;
    this.#perConnection = options.perConnection ?? 400;
    this.#tracked = options.tracked ?? 5_000;
  }

  /** Names one connection holds at most. */
  get perConnection(): number {
    return this.#perConnection;
  }

  /** The name of `text`, or undefined while it has been seen fewer than `after` times (send it unnamed). */
  nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known) return known;
    const n = (this.#seen.get(text) ?? 0) + 1;
    if (n < this.#after) {
      if (this.#seen.size >= this.#tracked) this.#seen.clear();
      this.#seen.set(text, n);
      return undefined;
    }
    this.#seen.delete(text);
    if (this.#names.size >= this.#tracked) this.#names.clear(); // a name is its text's hash: found again alike
    const name = `m${this.#generation}_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    this.#names.set(text, name);
    return name;
  }

  /** Forgets every name: each connection prepares its statements again under new ones, at their next execution. */
  renew(): void {
    this.#generation += 1;
    for (const text of this.#names.keys()) this.#seen.set(text, this.#after - 1);
    this.#names.clear();
  }
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Makes `client` send the repeated marked statements (`preparing`) under their names. Patches the client's
 * `query` (what Kysely's driver calls with a text and its values); any other form is passed as is.
 */
export function prepareRepeatedStatements(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as QueryFn;
  const held = new Set<string>();
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length > 2 || !text.includes(PREPARE_MARK)) return query(...args);
    const name = names.nameOf(text);
    if (!name || (!held.has(name) && held.size >= names.perConnection)) return query(text, values);
    held.add(name);
    return (query({ name, text, values }) as Promise<unknown>).catch((err: unknown) => {
      if (err instanceof Error && RESULT_TYPE_CHANGED.test(err.message)) names.renew();
      throw err;
    });
  };
}
