/**
 * The lease of an activated job (its `due_at`): after it, the job is activatable again, so a job whose
 * worker died is taken up by another one. The embedded worker's default lease is short
 * (`DEFAULT_JOB_TIMEOUT_MS`, 10 s, as the outbox lease: recovery in seconds, issue 17) and renewed while its handler runs, so
 * a long job keeps it; a worker given an explicit `timeout` keeps Zeebe's meaning (no renewal: the job
 * is handed out again once that time has passed). See engine-adapter/README.md, "Job timeouts".
 */
import type { EngineCore } from './core.ts';

/** The embedded worker's lease when no `timeout` is given (Zeebe's clients default to 5 minutes). */
export const DEFAULT_JOB_TIMEOUT_MS = 10_000;

/** Moves the deadline of a job still activated by `worker` to `timeoutMs` from now; false when it is no longer that worker's. */
export async function renewJobLease(core: EngineCore, jobKey: string, worker: string, timeoutMs: number): Promise<boolean> {
  const until = new Date(core.clock.now().getTime() + timeoutMs);
  const row = await core.db.updateTable('engine_job').set({ due_at: until }).where('key', '=', jobKey).where('state', '=', 'ACTIVATED').where('worker', '=', worker)
    .returning('key').executeTakeFirst();
  return row !== undefined;
}
