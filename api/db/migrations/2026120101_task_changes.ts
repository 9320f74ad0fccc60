import { sql, type Kysely } from 'kysely';

/** Vietnamese letters with diacritics and their base letters (lower case; upper case is derived). */
const ACCENTED = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
const PLAIN = [...ACCENTED].map((c) => (c === 'đ' ? 'd' : c.normalize('NFD')[0])).join('');

/**
 * The task list at scale and live:
 * - `tasks.change_seq` / `tasks.change`: a trigger stamps every write that changes a task with the
 *   next number of `tasks_change_seq` and what changed (created, claimed, unclaimed, handoff,
 *   completed, canceled, updated), whoever writes it (API, projector, workers in another process);
 *   the task stream polls it. A write that changes nothing (the projector's reconcile) keeps the stamp.
 * - indexes for every view of the list (`state` and `assignee_id`) and the stream's cursor;
 * - `fold_vi(text)`: lower case without Vietnamese diacritics, for accent-insensitive search
 *   (upper-case letters are translated too: `lower()` leaves them alone under the C locale), and
 *   `dossiers.applicant_name_folded`, the applicant's name so folded.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const from = ACCENTED + ACCENTED.toUpperCase();
  const to = PLAIN + PLAIN.toUpperCase();
  await sql`create function fold_vi(text) returns text language sql immutable parallel safe
    as $$ select lower(translate($1, ${sql.lit(from)}, ${sql.lit(to)})) $$`.execute(db);

  // Searching 10,000 names with fold_vi costs ~60 ms on PostgreSQL; a stored folded copy, ~2 ms.
  await sql`alter table dossiers add column applicant_name_folded text generated always as (fold_vi(applicant_name)) stored`.execute(db);

  await sql`create sequence tasks_change_seq`.execute(db);
  await db.schema.alterTable('tasks').addColumn('change_seq', 'bigint').addColumn('change', 'text').execute();
  await sql`update tasks set change_seq = nextval('tasks_change_seq'), change = case when state = 'CREATED' then 'created' else lower(state) end`.execute(db);
  await sql`alter table tasks alter column change_seq set not null, alter column change set not null`.execute(db);
  await sql`create function tasks_stamp_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        new.change_seq := old.change_seq;
        new.change := old.change;
        if new is not distinct from old then return new; end if;
      end if;
      new.change_seq := nextval('tasks_change_seq');
      new.change := case
        when tg_op = 'INSERT' then case when new.state = 'CREATED' then 'created' else lower(new.state) end
        when new.state is distinct from old.state then case when new.state = 'CREATED' then 'updated' else lower(new.state) end
        when old.assignee_id is null and new.assignee_id is not null then 'claimed'
        when old.assignee_id is not null and new.assignee_id is null then 'unclaimed'
        when new.assignee_id is distinct from old.assignee_id then 'handoff'
        else 'updated' end;
      return new;
    end $$`.execute(db);
  await sql`create trigger tasks_stamp_change before insert or update on tasks for each row execute function tasks_stamp_change()`.execute(db);
  await sql`create unique index tasks_change_seq_idx on tasks (change_seq)`.execute(db);
  await sql`create index tasks_agency_state_due_idx on tasks (agency_id, state, due_at)`.execute(db);
  await sql`create index tasks_assignee_open_idx on tasks (assignee_id, due_at) where state = 'CREATED'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tasks_stamp_change on tasks`.execute(db);
  await sql`drop function tasks_stamp_change()`.execute(db);
  await sql`drop index tasks_assignee_open_idx`.execute(db);
  await sql`drop index tasks_agency_state_due_idx`.execute(db);
  await db.schema.alterTable('tasks').dropColumn('change_seq').dropColumn('change').execute();
  await sql`drop sequence tasks_change_seq`.execute(db);
  await db.schema.alterTable('dossiers').dropColumn('applicant_name_folded').execute();
  await sql`drop function fold_vi(text)`.execute(db);
}
