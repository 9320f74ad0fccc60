/**
 * `dossier_visibility_refresh` writes only what changed (issue 18): it deleted every visibility row of the
 * dossier and inserted them again, and the row trigger of `dossier_agencies` calls it once per row, so a
 * reception (its receiving and its handling agency: two rows) computed the dossier's visibility twice,
 * each time deleting and re-inserting its rows with their indexes, name rows (trigram index) and report
 * counter deltas: 13 ms per reception's insert into `dossier_agencies` at 1,000,000 dossiers
 * (`pg_stat_statements`, bench/README.md "Reception"). Now the rows no longer wanted are deleted and the
 * missing ones inserted (`on conflict do nothing`): the second call, and a hand-off that adds one agency,
 * touch only what differs. The rows kept are current: `dossiers_visibility` updates them with the dossier.
 */
import { sql, type Kysely } from 'kysely';
import { COLUMNS, visibilityRefreshFunction } from './2026120602_dossier_lists.ts';

const d = (cols: string) => cols.split(', ').map((c) => `d.${c}`).join(', ');
/** The agencies that may see dossier `p_dossier`: those it passed through and their ancestors. */
const WANTED = `with recursive up(id, parent_id) as (
        select a.id, a.parent_id from agencies a join dossier_agencies da on da.agency_id = a.id where da.dossier_id = p_dossier
        union
        select a.id, a.parent_id from agencies a join up on a.id = up.parent_id
      ) select id from up`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create or replace function dossier_visibility_refresh(p_dossier uuid) returns void language plpgsql as $$
    begin
      delete from dossier_visibility v where v.dossier_id = p_dossier and v.agency_id not in (${WANTED});
      insert into dossier_visibility (agency_id, dossier_id, ${COLUMNS})
      select distinct w.id, d.id, ${d(COLUMNS)}
      from dossiers d, (${WANTED}) w
      where d.id = p_dossier
      on conflict (agency_id, dossier_id) do nothing;
    end $$`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(visibilityRefreshFunction()).execute(db);
}
