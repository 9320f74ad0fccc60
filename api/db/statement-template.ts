/**
 * A statement of the hot path built and compiled once, then run with new values (issue 18). Building a
 * Kysely query (frozen nodes, cloned at each call) and compiling it cost 100-300 µs of the server's one
 * JavaScript thread each time, as much as sending it: a sixth of the server's time in a burst of
 * receptions went to Kysely (bench/README.md, "Statements compiled once"). A template builds its query
 * with placeholders for the values that change (its slots, read by name from the object its builder
 * is given), compiles it at its first run, and later
 * runs only swap the values into the compiled parameters. The SQL text is the same each time, so the
 * named prepared statements (`prepared-statements.ts`) see one text.
 *
 * Only for statements whose shape does not depend on the values: a slot is one parameter, never a list
 * (`in (…)` of a varying length) nor an identifier. The values that are fixed for the template (a
 * consumer's topics) are built in as constants.
 */
import { createQueryId, type CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';

/** A placeholder in a template's query (an object no value can be mistaken for). */
class Slot {
  constructor(readonly name: string) {}
}

/** The placeholders of a template, typed as the values they stand for. */
export type Slots<P> = { readonly [K in keyof P]: P[K] };

/** One parameter of the compiled statement: a slot's value, or a constant built in. */
type Param = { slot: string } | { value: unknown };

export class StatementTemplate<P extends Record<string, unknown>, R> {
  readonly #build: (db: Kysely<any>, slots: Slots<P>) => Compilable<R>;
  #compiled: CompiledQuery<R> | undefined;
  #params: Param[] = [];

  /** `build` is called once, with the first database the statement runs on and the placeholders. */
  constructor(build: (db: Kysely<any>, slots: Slots<P>) => Compilable<R>) {
    this.#build = build;
  }

  /** The compiled statement with `values` in place of the slots. */
  compile(db: Kysely<any>, values: P): CompiledQuery<R> {
    if (!this.#compiled) {
      // Named one by one: a spread proxy has no keys, and the values would be missing without a word.
      const slots = new Proxy({}, {
        get: (_, name) => new Slot(String(name)),
        ownKeys: () => { throw new Error('statement template: name each slot (slots cannot be spread)'); },
      }) as Slots<P>;
      const compiled = this.#build(db, slots).compile();
      this.#params = compiled.parameters.map((p) => (p instanceof Slot ? { slot: p.name } : { value: p }));
      this.#compiled = compiled;
    }
    const parameters = this.#params.map((p) => {
      if (!('slot' in p)) return p.value;
      if (!(p.slot in values)) throw new Error(`statement template: no value for ${p.slot}`);
      return values[p.slot];
    });
    // A query id of its own for each run, as a statement built anew would have (plugins key their state on it).
    return { ...this.#compiled, parameters, queryId: createQueryId() };
  }

  /** Runs the statement on `db` (a Kysely instance or a transaction) with `values`. */
  execute(db: Kysely<any>, values: P): Promise<QueryResult<R>> {
    return db.executeQuery(this.compile(db, values));
  }
}
