/**
 * A user-task command whose listeners run answers, as Zeebe does, only once they are done: accepted,
 * or rejected with Zeebe's denial (`INVALID_STATE`, "… was denied by Task Listener. Reason to deny: …").
 * The command's step starts the transition (task-transitions.ts, with an id); this module then watches
 * the task row and the element instance's recorded outcome (`own.outcome`) until the transition ended,
 * so it also sees listener jobs completed by another engine process on the same database. A listener
 * job never completed: `ENGINE_TIMEOUT` after `core.commandTimeout` ms (Camunda answers 504), the
 * transition still pending (completing the job later applies it).
 */
import { sql } from 'kysely';
import { EngineError, InvalidStateError } from '../errors.ts';
import type { EngineCore } from './core.ts';

/** The command as Zeebe names it in its rejection, and the transition's noun. */
export type TaskCommand = 'ASSIGN' | 'UPDATE' | 'COMPLETE';
const NOUN: Record<TaskCommand, string> = { ASSIGN: 'Assignment', UPDATE: 'Update', COMPLETE: 'Completion' };
const TRANSITION_STATES = new Set(['ASSIGNING', 'UPDATING', 'COMPLETING']);

/** Zeebe's rejection of a command whose transition a listener denied. */
export function denialError(command: TaskCommand, key: string, reason: string): InvalidStateError {
  return new InvalidStateError(
    `Command '${command}' rejected with code 'INVALID_STATE': ${NOUN[command]} of the User Task with key '${key}' was denied by Task Listener. Reason to deny: '${reason}'`,
    { key, deniedReason: reason },
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Outcome { id: string; denied: boolean; reason: string }

async function look(core: EngineCore, key: string): Promise<{ state: string; own: { transition?: { id?: string }; outcome?: Outcome } | null } | undefined> {
  // One statement, one snapshot: the task's state and its element instance's record agree.
  const { rows } = await sql<{ state: string; own: unknown }>`
    select t.state, i.doc->'elements'->(t.element_instance_key::text)->'own' as own
    from engine_user_task t join engine_process_instance i on i.key = t.process_instance_key where t.key = ${key}`.execute(core.db);
  const row = rows[0];
  if (!row) return undefined;
  const own = typeof row.own === 'string' ? JSON.parse(row.own) : (row.own ?? null);
  return { state: String(row.state), own };
}

/** Waits until the transition `id` of user task `key` ended; throws the denial, a cancellation, or a timeout. */
export async function awaitTransition(core: EngineCore, key: string, id: string, command: TaskCommand): Promise<void> {
  const deadline = Date.now() + core.commandTimeout;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const seen = await look(core, key);
    if (!seen || seen.state === 'COMPLETED') return;
    if (seen.state === 'CANCELED' || seen.state === 'CANCELING') throw new InvalidStateError(`User task '${key}' was canceled while its listeners ran`, { key });
    const running = TRANSITION_STATES.has(seen.state) && seen.own?.transition?.id === id;
    if (!running) {
      const outcome = seen.own?.outcome;
      if (outcome?.id === id && outcome.denied) throw denialError(command, key, outcome.reason);
      return;
    }
    if (Date.now() >= deadline) {
      throw new EngineError('ENGINE_TIMEOUT', `${NOUN[command]} of the User Task with key '${key}': its task listeners did not finish within ${core.commandTimeout} ms`, { key });
    }
    await sleep(pause);
  }
}

/** Waits until a cancelled instance whose `canceling` listeners run is CANCELED; a timeout as above. */
export async function awaitCancellation(core: EngineCore, key: string): Promise<void> {
  const deadline = Date.now() + core.commandTimeout;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const row = await core.db.selectFrom('engine_process_instance').select('state').where('key', '=', key).executeTakeFirst();
    if (!row || row.state !== 'ACTIVE') return;
    if (Date.now() >= deadline) {
      throw new EngineError('ENGINE_TIMEOUT', `Cancellation of the process instance with key '${key}': its task listeners did not finish within ${core.commandTimeout} ms`, { processInstanceKey: key });
    }
    await sleep(pause);
  }
}
