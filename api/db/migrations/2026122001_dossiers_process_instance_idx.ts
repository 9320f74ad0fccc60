/**
 * Dossiers found by their process instance (issue 18). The Camunda-shaped API (`api/routes/v2/scope.ts`) asks,
 * for a page of process instances, which dossiers they belong to: `process_instance_key in (…)` (or, for a
 * dossier whose start is in flight, its code). No index held the key, so at 1,000,000 dossiers each page read the
 * whole table: a parallel sequential scan of 290 ms for 100 instances, against 1.2 ms with this index (a bitmap
 * of it or'ed with `dossiers_code_key`). Partial: a dossier without a process (received online,
 * not yet accepted) takes no entry until it has one. bench/README.md, "Dossiers by their instance".
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index dossiers_process_instance_idx on dossiers (process_instance_key) where process_instance_key is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index dossiers_process_instance_idx`.execute(db);
}
