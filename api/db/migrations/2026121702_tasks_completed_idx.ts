/**
 * Was: an index on `tasks (completed_at)` for the staff view, which read the period's completed tasks (at 1M
 * dossiers a month's view scanned every task: 289 ms; with the index 18 ms). Superseded in the same session by the
 * staff counters (2026121703), which drop it: kept in the list for the databases that applied it, and a no-op
 * now, so a fresh start no longer builds an index over every completed task only to drop it.
 * bench/README.md, "The staff view" (fifteenth session).
 */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
