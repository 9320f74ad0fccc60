/**
 * `dossier_name_grams` (migration 2026121001): the index the name search reads. A name that contains the
 * term must contain all of the term's grams for the same agency — or the search would miss it — and the
 * grams of one agency must not be those of another (the index reads only the searching agency's entries).
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { matchingIds } from '../../api/services/dossier-search.ts';

const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Đỗ Thị Hạnh', 'Lý  Quang', "O'Neil-Hồ Xuân", 'Ngô 100% Đức_Minh', 'Bùi'];

/** Every substring of at least three characters, and a few that are in no name. */
function terms(name: string): string[] {
  const chars = [...name];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) for (let j = i + 3; j <= chars.length; j++) out.push(chars.slice(i, j).join(''));
  return out;
}

for (const target of databaseTargets()) {
  t.test(`name grams on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db;

    const contains = async (agency: string, name: string, termAgency: string, term: string) => (await sql<{ ok: boolean }>`
      select dossier_name_grams(${agency}, fold_vi(${name})) @> dossier_name_grams(${termAgency}, fold_vi(${term})) as ok`.execute(db)).rows[0]!.ok;

    let checked = 0;
    for (const name of NAMES) {
      for (const term of terms(name)) {
        if (!(await contains('xa-01', name, 'xa-01', term))) t.fail(`"${name}" contains "${term}" but not its grams`);
        checked++;
      }
    }
    t.ok(checked > 300, `every substring of the names has its grams in the name's (${checked} terms)`);
    t.notOk(await contains('xa-01', 'Nguyễn Văn An', 'xa-02', 'Nguyễn Văn An'), "another agency's grams of the same name are not in the index entry");
    t.notOk(await contains('xa-01', 'Nguyễn Văn An', 'xa-01', 'Văn Bình'), 'a term the name does not contain has grams it lacks');
    t.same((await sql<{ g: number[] }>`select dossier_name_grams('xa-01', 'an') as g`.execute(db)).rows[0]!.g, [], 'a name under three characters has no grams');

    // The search's own query on a commune's 20,000 name rows (and one of another commune): a rare name is read from the grams index.
    await sql`insert into dossier_names (agency_id, dossier_id, name)
      select case when i = 1 then 'xa-02' else 'xa-01' end, gen_random_uuid(), fold_vi((array['Nguyễn', 'Trần', 'Lê', 'Phạm'])[1 + i % 4] || ' Văn ' || (array['An', 'Bình', 'Cường'])[1 + i % 3] || ' ' || i)
      from generate_series(1, 20000) as i`.execute(db);
    await sql`analyze dossier_names`.execute(db);
    const search = matchingIds(db, 'xa-01', 'Phạm Văn Bình 1231', 51).compile();
    const plan = (await db.executeQuery<{ 'QUERY PLAN': string }>({ ...search, sql: `explain ${search.sql}` })).rows.map((r) => r['QUERY PLAN']).join('\n');
    t.match(plan, /dossier_names_grams/, "the name search's condition is the indexed expression");
    // Against a plain scan of the agency's rows, for terms rare and common, and one only another commune has.
    for (const term of ['Phạm Văn Bình 1231', 'Trần Văn Bình 1', 'nguyen', 'LÊ VĂN', 'Văn An 19']) {
      const found = (await db.executeQuery<{ dossier_id: string }>(matchingIds(db, 'xa-01', term, undefined).compile())).rows.map((r) => r.dossier_id).sort();
      const scanned = (await sql<{ dossier_id: string }>`select dossier_id from dossier_names where agency_id = 'xa-01' and strpos(name, fold_vi(${term})) > 0`.execute(db)).rows.map((r) => r.dossier_id).sort();
      t.ok(scanned.length > 0, `"${term}" is in some of the commune's names`);
      t.same(found, scanned, `"${term}": the search finds exactly the commune's names that contain it`);
    }
    const other = (await db.executeQuery<{ dossier_id: string }>(matchingIds(db, 'xa-02', 'Trần Văn Bình 1', undefined).compile())).rows;
    t.equal(other.length, 1, "the other commune finds its one row by its own grams, not the first commune's");
  });
}
