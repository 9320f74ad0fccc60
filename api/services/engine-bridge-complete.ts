/**
 * How the engine bridge completes a user task (the task list's `task.complete` events and the mirrors
 * of dossier actions), and what each answer of the engine means for the outbox event:
 * - done: delivered;
 * - a task listener's denial (`INVALID_STATE` with `deniedReason`): final for this completion, recorded
 *   with the task open again (`task-denial.ts`);
 * - the task in a transition (`ASSIGNING`, `UPDATING`, `COMPLETING`: an earlier attempt of this
 *   completion, answered `ENGINE_TIMEOUT`, or an assignment whose listeners still run): "not yet",
 *   retried with backoff, so the listeners' verdict is seen when they are done instead of passing the
 *   event for delivered while the task may still be denied;
 * - the task gone or finished (`NOT_FOUND`, another `INVALID_STATE`): already done;
 * - anything else (the engine out of reach…): thrown, retried by the consumer.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { EngineError } from '../../engine-adapter/errors.ts';
import type { OutboxEvent } from '../workers/outbox-consumer.ts';
import { NotYet } from '../workers/outbox-retry.ts';
import type { Clock } from './clock.ts';
import { deniedReason, recordTaskDenial } from './task-denial.ts';

export interface CompleteDeps {
  db: Kysely<Database>;
  engine: WorkflowEngine;
  clock: Clock;
  log?: { warn(obj: object, msg: string): void };
}

const TRANSITIONS = new Set(['ASSIGNING', 'UPDATING', 'COMPLETING']);

/** Completes user task `taskKey` for outbox event `event` (see above). */
export async function completeOrDenied(deps: CompleteDeps, event: OutboxEvent, taskKey: string, variables: Record<string, unknown>): Promise<void> {
  try {
    await deps.engine.completeUserTask(taskKey, variables);
  } catch (err) {
    const reason = deniedReason(err);
    if (reason !== undefined) {
      const reopened = await recordTaskDenial(deps.db, { event, taskKey, reason, now: deps.clock.now() });
      deps.log?.warn({ taskKey, outboxId: event.id, dossierId: event.payload.dossierId, reason, reopened }, 'task completion denied by a task listener');
      return;
    }
    if (!(err instanceof EngineError) || (err.code !== 'NOT_FOUND' && err.code !== 'INVALID_STATE')) throw err;
    if (err.code === 'INVALID_STATE') {
      const state = await deps.engine.getUserTask(taskKey).then((t) => t.state, () => undefined);
      if (state && TRANSITIONS.has(state)) throw new NotYet(`user task ${taskKey} is ${state}: its task listeners are running`);
    }
  }
}
