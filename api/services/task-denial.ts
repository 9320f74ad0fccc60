/**
 * A task listener's denial of a completion the engine bridge carried to the engine (issue 17). The task
 * list commits an officer's completion first, and the bridge asks the engine after; a `completing`
 * listener may then deny it (Zeebe's `INVALID_STATE` with `deniedReason`). The engine keeps the task
 * open, so the task list must too. The denial is final for that completion: it is not retried (asking
 * the listener again could complete the step minutes later, behind the officer's back) and not
 * dead-lettered (nothing is broken). In one transaction:
 * - the task row is open again (`CREATED`, no completion), still assigned to whoever had it;
 * - the step's outcome stored by that completion (`dossier_step_outcomes`) is removed: later decisions
 *   must not read a step that did not happen;
 * - the dossier events the same completion wrote (same transaction: same `created_at`, after it) and
 *   not yet delivered are skipped: their mirror would complete the task again;
 * - the event is handled with the outcome `denied: <reason>`;
 * - the dossier's history gets a `task_denied` entry with the listener's reason (shown on the dossier
 *   page), and the audit log a `task.denied` row against the dossier.
 * Dossier actions the completion already applied (a supplement requested, say) are not reverted: the
 * history shows them followed by the denial.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { EngineError } from '../../engine-adapter/errors.ts';
import { writeAudit } from './audit.ts';
import { SYSTEM_AUDIT } from '../workers/context.ts';
import type { OutboxEvent } from '../workers/outbox-consumer.ts';

/** The listener's reason when `err` is a task listener's denial, else undefined. */
export function deniedReason(err: unknown): string | undefined {
  return err instanceof EngineError && err.code === 'INVALID_STATE' && typeof err.context.deniedReason === 'string' ? err.context.deniedReason : undefined;
}

export interface DenialRecord {
  event: OutboxEvent;
  taskKey: string;
  reason: string;
  now: Date;
}

/** Records a denied completion (see above); returns whether the task list's row was reopened. */
export async function recordTaskDenial(db: Kysely<Database>, r: DenialRecord): Promise<boolean> {
  const { event, taskKey, reason, now } = r;
  return db.transaction().execute(async (tx) => {
    // Naming `dossier_id` runs the trigger that gives an open task its dossier's current status (2026120704).
    const reopened = await tx.updateTable('tasks').set({ state: 'CREATED', completed_at: null, completed_by: null, dossier_id: sql<string | null>`dossier_id` })
      .where('key', '=', taskKey).where('state', '=', 'COMPLETED').returning('key').executeTakeFirst();
    const task = await tx.selectFrom('tasks').select(['step', 'name', 'agency_id', 'dossier_id']).where('key', '=', taskKey).executeTakeFirst();
    await tx.deleteFrom('dossier_step_outcomes').where('task_key', '=', taskKey).execute();
    const dossierId = String(event.payload.dossierId ?? task?.dossier_id ?? '');
    const outcome = `denied: ${reason}`.slice(0, 1000);
    await tx.updateTable('outbox').set({ processed_at: now, attempts: event.attempts + 1, last_error: null, outcome }).where('id', '=', event.id).execute();
    if (event.topic === 'task.complete' && dossierId) {
      await tx.updateTable('outbox').set({ processed_at: now, outcome: 'skipped: the task completion that wrote it was denied by a task listener' })
        .where(sql<boolean>`payload->>'dossierId' = ${dossierId}`).where('topic', 'like', 'dossier.%').where('created_at', '=', event.createdAt)
        .where('id', '>', event.id).where('processed_at', 'is', null).where('dead_at', 'is', null).execute();
    }
    const dossier = dossierId ? await tx.selectFrom('dossiers').select(['id', 'code', 'status', 'receiving_agency_id']).where('id', '=', dossierId).executeTakeFirst() : undefined;
    const details = { reason, step: task?.step ?? null, stepName: task?.name ?? null, taskKey, outboxId: event.id, reopened: reopened !== undefined };
    if (dossier) {
      await tx.insertInto('dossier_history').values({
        dossier_id: dossier.id, action: 'task_denied', from_status: dossier.status, to_status: dossier.status, at: now,
        actor_id: null, agency_id: task?.agency_id ?? null, details: JSON.stringify(details),
      }).execute();
    }
    await writeAudit(tx, SYSTEM_AUDIT, {
      action: 'task.denied', targetType: dossier ? 'dossier' : 'task', targetId: dossier?.code ?? taskKey,
      agencyId: task?.agency_id ?? dossier?.receiving_agency_id ?? null, after: details,
    });
    return reopened !== undefined;
  });
}
