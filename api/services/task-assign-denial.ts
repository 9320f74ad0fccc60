/**
 * Claim, unclaim and hand-off write the task list's row (with its audit row) first, then ask the
 * engine, whose `assigning` task listeners may deny the assignment (Zeebe's `INVALID_STATE` with
 * `deniedReason`; the engine answers once its listeners are done). On a denial the engine's task keeps
 * its assignee, so the row is put back as it was, with a `task.assign_denied` audit row naming the
 * reason, in one transaction, and the denial is rethrown: `/api` answers 409 `TASK_DENIED` with
 * `deniedReason` (plugins/errors.ts), `/v2` Camunda's 409. A listener that does not answer within the
 * engine's `commandTimeout` is a 504 (`ENGINE_TIMEOUT`) and the row is kept: the engine still applies
 * the assignment once the listener completes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { writeAudit, type AuditContext } from './audit.ts';
import { deniedReason } from './task-denial.ts';

export interface Assignment {
  key: string;
  /** The assignee before the command, and the one it wrote. */
  before: string | null;
  after: string | null;
  command: 'claim' | 'unclaim' | 'handoff';
  audit: AuditContext;
}

/** Runs the engine's side of an assignment; a denial puts the row back (see above) and is rethrown. */
export async function assignOrRevert(db: Kysely<Database>, a: Assignment, engineCall: () => Promise<void>): Promise<void> {
  try {
    await engineCall();
  } catch (err) {
    const reason = deniedReason(err);
    if (reason === undefined) throw err;
    await db.transaction().execute(async (tx) => {
      const guard = tx.updateTable('tasks').set({ assignee_id: a.before }).where('key', '=', a.key).where('state', '=', 'CREATED');
      const row = await (a.after === null ? guard.where('assignee_id', 'is', null) : guard.where('assignee_id', '=', a.after)).returning('agency_id').executeTakeFirst();
      await writeAudit(tx, a.audit, {
        action: 'task.assign_denied', targetType: 'task', targetId: a.key, agencyId: row?.agency_id ?? null,
        before: { assignee: a.after }, after: { assignee: row ? a.before : a.after, command: a.command, deniedReason: reason },
      });
    });
    throw err;
  }
}
