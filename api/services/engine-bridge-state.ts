/**
 * What the engine bridge reads from the database before it asks the engine anything (issue 17):
 * - whether a dossier is in a final status (refused, stopped, returned: `STATUS_INFO.final`), when no
 *   process may be started or resumed for it;
 * - whether a lifecycle event was already done through its step's own task: the task list writes the
 *   task's `task.complete` event and the dossier's event in one transaction (same `created_at`, the
 *   completion first), so its mirror finds no open task and has nothing to do;
 * - the task a mirror completes, written on its outbox row (`outcome`) before the engine call, so a
 *   redelivery after a crash knows the completion was its own and does not wait for a task forever.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { STATUS_INFO, type DossierStatus } from '../domain/dossier/statuses.ts';
import type { OutboxEvent } from '../workers/outbox-consumer.ts';

/** True for a status after which no process is started or resumed. */
export const isFinalStatus = (status: string): boolean => STATUS_INFO[status as DossierStatus]?.final === true;

/** The event was the effect of completing one of `steps`' tasks through the task list. */
export async function doneThroughTask(db: Kysely<Database>, event: OutboxEvent, steps: string[]): Promise<boolean> {
  if (steps.length === 0) return false;
  const row = await db.selectFrom('outbox').innerJoin('tasks', (join) => join.on(sql<boolean>`tasks.key = outbox.payload->>'taskKey'`))
    .select('outbox.id').where('outbox.topic', '=', 'task.complete').where(sql<boolean>`outbox.payload->>'dossierId' = ${String(event.payload.dossierId)}`)
    .where('outbox.created_at', '=', event.createdAt).where('outbox.id', '<', event.id).where('tasks.step', 'in', steps).limit(1).executeTakeFirst();
  return row !== undefined;
}

const TASK_MARK = 'completing task ';

/** Records, before the engine call, which task this event completes. */
export async function markCompleting(db: Kysely<Database>, event: OutboxEvent, taskKey: string): Promise<void> {
  await db.updateTable('outbox').set({ outcome: `${TASK_MARK}${taskKey}` }).where('id', '=', event.id).execute();
}

/** The task an earlier delivery of this event completed (or began to), if any. */
export async function markedTask(db: Kysely<Database>, event: OutboxEvent): Promise<string | undefined> {
  const row = await db.selectFrom('outbox').select('outcome').where('id', '=', event.id).executeTakeFirst();
  return row?.outcome?.startsWith(TASK_MARK) ? row.outcome.slice(TASK_MARK.length) : undefined;
}
