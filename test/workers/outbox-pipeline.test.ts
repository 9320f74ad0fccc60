/**
 * The pipelined outbox consumer (the engine bridge's): its lanes take claimed events one at a time and
 * claim more as soon as one is free. An event written while a slow one is handled is taken by a free
 * lane at once (the batch loop waits for the whole batch first), one dossier's events still go one at a
 * time and in order, and stopping releases the events claimed but not begun.
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { ManualClock } from '../helpers/clock.ts';
import { enqueue } from '../../api/services/outbox.ts';
import { createOutboxConsumer } from '../../api/workers/outbox-consumer.ts';

/** A promise with its resolver. */
function signal() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/** `promise`, or a failure after 20 s: the event it waits for was never handled (no consumer poll is that long). */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`never happened: ${what}`)), 20_000); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

for (const target of databaseTargets()) {
  t.test(`pipelined outbox consumer on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const clock = new ManualClock('2026-03-02T02:00:00Z');
    const began = new Map<string, ReturnType<typeof signal>>();
    const gates = new Map<string, ReturnType<typeof signal>>();
    const handled: string[] = [];
    const on = (m: Map<string, ReturnType<typeof signal>>, name: string) => { if (!m.has(name)) m.set(name, signal()); return m.get(name)!; };
    const write = (name: string, dossierId: string) => enqueue(h.db, 'step', null, { dossierId, name }, clock.now());
    // An event named `slow…` waits for its gate; every event records when it began and when it ended.
    const consumer = createOutboxConsumer({
      db: h.db, clock, orderKey: 'dossierId', concurrency: 2, pipelined: true, pollMs: 3_600_000, leaseMs: 600_000,
      handlers: {
        step: async (e) => {
          const name = String(e.payload.name);
          on(began, name).resolve();
          if (name.startsWith('slow')) await on(gates, name).promise;
          handled.push(name);
        },
      },
    });
    t.throws(() => createOutboxConsumer({ db: h.db, clock, pipelined: true, handlers: {} }), /orderKey/, 'pipelined needs an order key');

    await write('slow-1', 'd1');
    consumer.start();
    await within(on(began, 'slow-1').promise, 'slow-1 began');

    await write('d1-second', 'd1');
    await write('fast-2', 'd2');
    consumer.wake();
    await within(on(began, 'fast-2').promise, 'fast-2 handled while slow-1 runs');
    t.same(handled, ['fast-2'], 'an event written while a slow one runs is handled at once, by the free lane');
    t.notOk(began.has('d1-second'), 'the dossier\'s second event waits for its first');

    on(gates, 'slow-1').resolve();
    consumer.wake(); // as the server does after a commit; the lane that handled slow-1 claims again anyway
    await within(on(began, 'd1-second').promise, 'd1-second handled after slow-1');
    t.same(handled.filter((n) => n.startsWith('slow-1') || n === 'd1-second'), ['slow-1', 'd1-second'], 'one dossier\'s events in order');

    // Stopping: both lanes busy and one more event claimed (a free lane claims two): it is released, not held for its lease.
    await write('slow-3', 'd3');
    await write('fast-4', 'd4');
    consumer.wake();
    await within(on(began, 'fast-4').promise, 'fast-4 handled');
    // Written in one transaction, so the free lane's claim takes two of them at once.
    await h.db.transaction().execute(async (tx) => {
      for (const [name, d] of [['slow-5', 'd5'], ['slow-6', 'd6'], ['queued-7', 'd7']]) await enqueue(tx, 'step', null, { dossierId: d, name }, clock.now());
    });
    consumer.wake();
    await within(Promise.all([on(began, 'slow-3').promise, on(began, 'slow-5').promise]), 'slow-3 and slow-5 began');
    const leased = await h.db.selectFrom('outbox').select('payload').where('topic', '=', 'step').where('processed_at', 'is', null)
      .where('available_at', '>', clock.now()).execute();
    t.same(leased.map((r) => (r.payload as { name: string }).name).sort(), ['slow-3', 'slow-5', 'slow-6'], 'slow-6 claimed with slow-5, waiting for a lane');
    const stopped = consumer.stop();
    for (const name of ['slow-3', 'slow-5', 'slow-6']) on(gates, name).resolve();
    await stopped;
    const rows = await h.db.selectFrom('outbox').select(['payload', 'processed_at', 'available_at']).where('topic', '=', 'step').orderBy('id').execute();
    const state = Object.fromEntries(rows.map((r) => [String((r.payload as { name: string }).name), r]));
    t.ok(state['slow-3']!.processed_at && state['slow-5']!.processed_at, 'the events begun are finished and recorded');
    const notBegun = rows.filter((r) => !r.processed_at).map((r) => String((r.payload as { name: string }).name));
    t.same(notBegun, ['slow-6', 'queued-7'], 'slow-6 (claimed) and queued-7 (never claimed) not begun');
    for (const name of notBegun) t.ok(state[name]!.available_at.getTime() <= clock.now().getTime(), `${name} released at once, not held for its 10-minute lease`);
    t.equal(await consumer.drain(), notBegun.length, 'the released events are taken again at once');
  });
}

t.test('an idle pipelined consumer polls once per interval, not once per lane', async (t) => {
  const [target] = databaseTargets();
  const h = await target!.openMigrated();
  t.teardown(() => h.close());
  // Counts the claims (updates of `outbox`) the consumer sends, at the database: a statement trigger fires
  // for each update statement, rows or none (the claim is compiled once: no plugin sees it again).
  await sql`create table claim_count (n int not null)`.execute(h.db);
  await sql`insert into claim_count values (0)`.execute(h.db);
  await sql`create function count_claim() returns trigger language plpgsql as $$ begin update claim_count set n = n + 1; return null; end $$`.execute(h.db);
  await sql`create trigger outbox_claims after update on outbox for each statement execute function count_claim()`.execute(h.db);
  const pollMs = 100;
  const consumer = createOutboxConsumer({ db: h.db, clock: new ManualClock('2026-03-02T02:00:00Z'), orderKey: 'dossierId', concurrency: 8, pipelined: true, pollMs, handlers: { step: async () => undefined } });
  const started = Date.now();
  consumer.start();
  await new Promise((r) => setTimeout(r, 1000));
  await consumer.stop();
  const polls = Math.ceil((Date.now() - started) / pollMs) + 1;
  const claims = (await sql<{ n: number }>`select n from claim_count`.execute(h.db)).rows[0]!.n;
  t.ok(claims >= 2, `it polled (${claims} claims)`);
  t.ok(claims <= polls, `${claims} claims in ${polls} poll intervals at most, with 8 lanes`);
});
