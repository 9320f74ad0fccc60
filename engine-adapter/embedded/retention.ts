/**
 * Bounded growth of the embedded engine's tables (issue 17 item 4): expired messages, the element
 * history of instances that ended before a cut-off, and the user-task event feed older than it are
 * deleted in small batches — each a short statement on an index, off the hot path of the engine's own
 * steps. Instances themselves stay (dossiers point at them); their history is what grows.
 */
import { sql, type Kysely } from 'kysely';

export interface EnginePruneResult {
  messages: number;
  elementHistory: number;
  userTaskEvents: number;
}

/** One batch of each kind; call again while a kind returns `batch` rows. */
export async function pruneEngineHistory(db: Kysely<any>, now: Date, before: Date, batch: number): Promise<EnginePruneResult> {
  const messages = await sql`delete from engine_message where key in (
      select key from engine_message where expires_at < ${now} order by expires_at limit ${batch})`.execute(db);
  const history = await sql`delete from engine_element_history where element_instance_key in (
      select h.element_instance_key from engine_element_history h
      where h.process_instance_key in (
        select key from engine_process_instance where state <> 'ACTIVE' and ended_at < ${before} order by ended_at limit ${batch})
      limit ${batch})`.execute(db);
  const events = await sql`delete from engine_user_task_event where seq in (
      select seq from engine_user_task_event where created_at < ${before} order by seq limit ${batch})`.execute(db);
  return { messages: Number(messages.numAffectedRows ?? 0), elementHistory: Number(history.numAffectedRows ?? 0), userTaskEvents: Number(events.numAffectedRows ?? 0) };
}

/**
 * Makes the space of deleted rows reusable. A PostgreSQL server's autovacuum does it on its own; the
 * embedded PGlite has no autovacuum, so without this its files would grow whatever is deleted.
 */
export async function compactEngineHistory(db: Kysely<any>): Promise<void> {
  await sql`vacuum engine_message, engine_element_history, engine_user_task_event`.execute(db);
}
