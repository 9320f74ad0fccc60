/**
 * Records how the handling of one outbox event ended: delivered; skipped for good (with its reason,
 * and an audit row in the same transaction); failed and due again after a backoff; or dead-lettered
 * (audited too, and logged as an error). A dead or skipped event naming a dossier (`dossierId`) is
 * audited against the dossier by its code, as the dossier's own audit rows are, so the dossier's audit
 * trail explains why its process did not move.
 */
import type { Kysely, QueryCreator } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Clock } from '../services/clock.ts';
import { writeAudit } from '../services/audit.ts';
import { SYSTEM_AUDIT } from './context.ts';
import type { OutboxEvent } from './outbox-consumer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the audit row of an event names: its dossier (by code) when it names one, else the event. */
async function target(tx: Kysely<Database>, event: OutboxEvent): Promise<{ targetType: string; targetId: string }> {
  const id = event.payload.dossierId;
  const dossier = typeof id === 'string' && UUID.test(id) ? await tx.selectFrom('dossiers').select('code').where('id', '=', id).executeTakeFirst() : undefined;
  return dossier ? { targetType: 'dossier', targetId: dossier.code } : { targetType: 'outbox', targetId: event.id };
}

/** The columns of a delivered event: handled now, one attempt more, no error. */
const deliveredSet = (attempts: number, now: Date) => ({ processed_at: now, attempts: attempts + 1, last_error: null });

/**
 * Records delivered events, several in one statement: a mark asked for while another is being written
 * waits for it and goes with the others asked for meanwhile (a busy consumer's lanes finish events a
 * fraction of a millisecond apart: four marks a received dossier were four statements). Each caller's
 * promise settles once its own event's mark is committed, so a lane that awaits it keeps its key's order.
 */
export function deliveredMarks(db: Kysely<Database>): (event: OutboxEvent, now: Date) => Promise<void> {
  let queue: Array<{ event: OutboxEvent; now: Date; done: () => void; failed: (err: unknown) => void }> = [];
  let writing = false;
  const write = async () => {
    writing = true;
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        // The batch marked at its latest instant: its marks were asked for while one statement ran.
        const now = new Date(Math.max(...batch.map((m) => m.now.getTime())));
        // Each event's attempts as it was claimed, plus this one (as the handler may have recorded its own
        // outcome already): one statement per count of attempts, nearly always one.
        const byAttempts = new Map<number, string[]>();
        for (const m of batch) byAttempts.set(m.event.attempts, [...(byAttempts.get(m.event.attempts) ?? []), m.event.id]);
        const mark = (d: Kysely<Database>, attempts: number, ids: string[]) =>
          d.updateTable('outbox').set(deliveredSet(attempts, now)).where('id', 'in', ids).execute();
        if (byAttempts.size === 1) {
          const [[attempts, ids]] = [...byAttempts];
          await mark(db, attempts!, ids!);
        } else {
          await db.transaction().execute(async (tx) => {
            for (const [attempts, ids] of byAttempts) await mark(tx, attempts, ids);
          });
        }
        for (const m of batch) m.done();
      } catch (err) {
        for (const m of batch) m.failed(err);
      }
    }
    writing = false;
  };
  return (event, now) => new Promise<void>((done, failed) => {
    queue.push({ event, now, done, failed });
    if (!writing) void write();
  });
}

/**
 * The mark of a delivered event as a common table of the handler's own last statement
 * (`.with('handled', handledMark(event, now))`, then the handler answers `marked`): the event's outcome
 * committed with its work, in one statement instead of two. The same mark as `deliveredMarks`, at the time
 * the statement is built (the end of the handling, as the consumer's own mark).
 */
export function handledMark(event: OutboxEvent, clock: Clock) {
  return (q: QueryCreator<Database>) => q.updateTable('outbox').set(deliveredSet(event.attempts, clock.now())).where('id', '=', event.id);
}

export async function recordSkipped(db: Kysely<Database>, event: OutboxEvent, reason: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('outbox').set({ processed_at: now, attempts: event.attempts + 1, last_error: null, outcome: `skipped: ${reason}` }).where('id', '=', event.id).execute();
    await writeAudit(tx, SYSTEM_AUDIT, { action: 'outbox.skipped', ...(await target(tx, event)), after: { outboxId: event.id, topic: event.topic, reason } });
  });
}

/** A failed attempt: due again at `next`, or dead (audited) when `dead`. */
export async function recordFailed(db: Kysely<Database>, event: OutboxEvent, failure: { message: string; next: Date; dead: boolean; now: Date }): Promise<void> {
  const attempts = event.attempts + 1;
  const lastError = failure.message.slice(0, 1000);
  const update = (d: Kysely<Database>) => d.updateTable('outbox').set({ attempts, last_error: lastError, available_at: failure.next, ...(failure.dead ? { dead_at: failure.now } : {}) })
    .where('id', '=', event.id).execute();
  if (!failure.dead) {
    await update(db);
    return;
  }
  await db.transaction().execute(async (tx) => {
    await update(tx);
    await writeAudit(tx, SYSTEM_AUDIT, { action: 'outbox.dead', ...(await target(tx, event)), after: { outboxId: event.id, topic: event.topic, attempts, error: lastError } });
  });
}
