/**
 * `open_step_excess` (2026121602) without the write-path cost on every update of `tasks`. Its statement
 * triggers captured transition tables (old and new rows) for every UPDATE of `tasks`, whatever it changed
 * (a column list is not allowed with transition tables): a 20,000-row update of an unrelated column at 1M
 * dossiers took 2.0–2.6 s instead of 1.5–1.6 s.
 *
 * Now two parts:
 * - a row trigger with the counters' condition (a counted column changed, the task running before or after)
 *   marks the dossier when it has (or had) several running tasks: after `tasks_open_step_counts_*`, which fire
 *   first (triggers of one event fire in name order), `dossier_open_steps` is up to date, so the two probes
 *   of `open_step_excess_sync` decide; the mark is a row of the unlogged `open_step_excess_marks` keyed by
 *   the transaction (nothing left after a rollback or a rolled-back savepoint; no WAL), and a
 *   transaction-local setting says there are some;
 * - a statement trigger (no transition table) rebuilds the marked dossiers once each, in id order (so two
 *   statements take the dossiers' advisory locks in the same order), and takes the marks away.
 * An update that changes no counted column queues no row event; its statement trigger reads one setting.
 * The statement trigger has no column list: a counted column set by a BEFORE trigger (`dossier_status`
 * from `dossier_id`) still reaches it, and it costs one setting read.
 */
import { sql, type Kysely } from 'kysely';
import { INPUTS, running, tuple } from './2026120801_open_step_counts.ts';
import { statementTriggers } from './2026121602_open_step_excess.ts';

/** The transaction-local setting that says this transaction marked dossiers ('1') since the last rebuild. */
const MARKED = 'motcua.open_step_excess_marked';

export async function up(db: Kysely<any>): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists tasks_open_step_excess_${op} on tasks`).execute(db);
  await sql`drop function if exists tasks_open_step_excess()`.execute(db);

  await sql`create unlogged table open_step_excess_marks (txid xid8 not null, dossier_id uuid not null, primary key (txid, dossier_id))`.execute(db);
  await sql.raw(`create function open_step_excess_mark(p_dossier uuid) returns void language plpgsql as $$
    begin
      if p_dossier is not null and (exists (select 1 from dossier_open_steps where dossier_id = p_dossier and n > 1)
          or exists (select 1 from open_step_excess where dossier_id = p_dossier)) then
        insert into open_step_excess_marks (txid, dossier_id) values (pg_current_xact_id(), p_dossier) on conflict do nothing;
        perform set_config('${MARKED}', '1', true);
      end if;
    end $$`).execute(db);
  await sql`create function tasks_open_step_excess_mark() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then perform open_step_excess_mark(old.dossier_id); end if;
      if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.dossier_id is distinct from old.dossier_id) then
        perform open_step_excess_mark(new.dossier_id);
      end if;
      return null;
    end $$`.execute(db);
  await sql.raw(`create function tasks_open_step_excess_rebuild() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('${MARKED}', true), '') <> '1' then return null; end if;
      perform set_config('${MARKED}', '', true);
      perform open_step_excess_refresh(d) from (
        select m.dossier_id as d from open_step_excess_marks m where m.txid = pg_current_xact_id() order by 1) x;
      delete from open_step_excess_marks where txid = pg_current_xact_id();
      return null;
    end $$`).execute(db);

  await sql.raw(`create trigger tasks_open_step_excess_insert after insert on tasks
    for each row when (${running('new')}) execute function tasks_open_step_excess_mark()`).execute(db);
  await sql.raw(`create trigger tasks_open_step_excess_delete after delete on tasks
    for each row when (${running('old')}) execute function tasks_open_step_excess_mark()`).execute(db);
  await sql.raw(`create trigger tasks_open_step_excess_update after update of ${INPUTS.join(', ')} on tasks
    for each row when ((${running('old')} or ${running('new')}) and ${tuple('old')} is distinct from ${tuple('new')})
    execute function tasks_open_step_excess_mark()`).execute(db);
  // Without a column list: a counted column changed by a BEFORE trigger still reaches the rebuild.
  await sql`create trigger tasks_open_step_excess_rebuild after insert or update or delete on tasks
    for each statement execute function tasks_open_step_excess_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['insert', 'update', 'delete', 'rebuild']) await sql.raw(`drop trigger if exists tasks_open_step_excess_${name} on tasks`).execute(db);
  await sql`drop function if exists tasks_open_step_excess_rebuild()`.execute(db);
  await sql`drop function if exists tasks_open_step_excess_mark()`.execute(db);
  await sql`drop function if exists open_step_excess_mark(uuid)`.execute(db);
  await sql`drop table if exists open_step_excess_marks`.execute(db);
  await statementTriggers(db);
}
