import { sql, type Kysely } from 'kysely';

/** Dossier events no consumer handled when this migration was written (services/outbox-topics.ts then). */
const UNCONSUMED = ['dossier.processing_started', 'dossier.fee_required', 'dossier.payment_recorded', 'dossier.extended', 'dossier.withdrawal_requested', 'dossier.withdrawal_cancelled', 'dossier.result_corrected'];

/**
 * The task list and its background work at a province's scale (issue 18; plans in bench/README.md):
 * - `tasks_open_due_idx`, `tasks_open_due_desc_idx`, `tasks_open_created_idx`: open tasks in each
 *   order of the list, so a view spanning many agencies (a province's supervisor) reads the first
 *   rows of the order and stops, instead of sorting every open task of its scope;
 * - `tasks_open_free_idx`: the free open tasks of an agency with their candidate groups, so the
 *   "my groups" view pages and counts from the index alone;
 * - `tasks_open_user_task_key_idx`: open engine tasks by numeric key ((length, text) order), the
 *   key ranges the projector's paged reconcile compares with the engine;
 * - `tasks_sla_pending_idx`, `tasks_sla_unset_idx`: the open tasks the SLA sweep may move (not yet
 *   overdue, by due instant) and those never classified, so a sweep reads only tasks near a threshold;
 * - `outbox_pending_id_idx`: pending events by id, the order of the lease query, so it walks pending
 *   rows only (the pending `(topic, available_at)` index cannot give that order);
 * - events of topics no consumer handles, left pending by earlier versions, are marked processed
 *   (`services/outbox-topics.ts`: such events are now written processed);
 * - `dossiers_supplement_due_idx`: dossiers waiting for a supplement by their deadline (ISO text
 *   in `state`), so the supplement closer selects only those whose deadline has passed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index tasks_open_due_idx on tasks (due_at, key) where state = 'CREATED'`.execute(db);
  await sql`create index tasks_open_due_desc_idx on tasks (due_at desc nulls last, key desc) where state = 'CREATED'`.execute(db);
  await sql`create index tasks_open_created_idx on tasks (created_at, key) where state = 'CREATED'`.execute(db);
  await sql`create index tasks_open_free_idx on tasks (agency_id, due_at, key) include (candidate_groups) where state = 'CREATED' and assignee_id is null`.execute(db);
  await sql`create index tasks_open_user_task_key_idx on tasks (length(key), key) where state = 'CREATED' and kind = 'user_task'`.execute(db);
  await sql`create index tasks_sla_pending_idx on tasks (due_at) where state = 'CREATED' and (sla_state is null or sla_state <> 'overdue')`.execute(db);
  await sql`create index tasks_sla_unset_idx on tasks (due_at) where state = 'CREATED' and sla_state is null`.execute(db);
  await sql`create index outbox_pending_id_idx on outbox (id) where processed_at is null and dead_at is null`.execute(db);
  await sql`update outbox set processed_at = created_at, last_error = 'no consumer handles this topic'
    where processed_at is null and dead_at is null and topic in (${sql.join(UNCONSUMED)})`.execute(db);
  await sql`create index dossiers_supplement_due_idx on dossiers ((state->>'supplementDueAt')) where status = 'supplement_requested'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['dossiers_supplement_due_idx', 'outbox_pending_id_idx', 'tasks_open_user_task_key_idx', 'tasks_open_free_idx', 'tasks_sla_unset_idx', 'tasks_sla_pending_idx', 'tasks_open_created_idx', 'tasks_open_due_desc_idx', 'tasks_open_due_idx']) {
    await sql`drop index if exists ${sql.ref(index)}`.execute(db);
  }
}
