/**
 * The dossier list reads `dossier_visibility` (migration 2026120602), kept by triggers: checked against a
 * recount from the raw rows with the scope rule itself (the dossier passed through an agency of the
 * caller's subtree), for every agency of the tree and every filter, after receptions, status changes,
 * a hand-off to another agency and an agency moved in the tree.
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { addCatalogueProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { listDossiers, LIST_WINDOW } from '../../api/services/dossier-list.ts';

const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hữu Cường', 'Phạm Thị Dung', 'Hoàng Văn Em', 'Nguyễn Thị Giang'];


/** The scope rule on raw rows: the codes an agency's subtree may see, with a filter on `dossiers d`. */
async function recount(ctx: TestApp, agencyId: string, where = sql`true`): Promise<string[]> {
  const scope = await agencySubtree(ctx.handle.db, agencyId);
  const rows = await sql<{ code: string }>`select d.code from dossiers d where ${where} and exists (
    select 1 from dossier_agencies da where da.dossier_id = d.id and da.agency_id in (${sql.join(scope)})) order by d.code`.execute(ctx.handle.db);
  return rows.rows.map((r) => r.code);
}

async function listed(ctx: TestApp, agencyId: string, filter: { status?: string; q?: string; overdue?: boolean; procedureId?: string } = {}): Promise<string[]> {
  const codes: string[] = [];
  for (let page = 1; ; page++) {
    const res = await listDossiers(ctx.handle.db, { agencyId, ...filter, sort: 'due', page, pageSize: 4, now: ctx.clock.now() });
    codes.push(...res.rows.map((r) => r.code));
    if (res.rows.length < 4) return codes.sort();
  }
}

for (const target of databaseTargets()) {
  t.test(`dossier lists by visibility on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR });
    t.teardown(() => ctx.close());
    await addCatalogueProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z');
    const { app } = ctx;
    const db = ctx.handle.db;
    const [reception, provinceAdmin] = await Promise.all(['reception', 'province-admin'].map(async (u) => bearer(await ctx.token(u))));
    const codes: string[] = [];
    for (const [i, fullName] of NAMES.entries()) {
      const applicant = { fullName, personalId: `00120301234${i}`, phone: '0912345678', address: 'Thôn Đông' };
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: i === 5 ? 'online' : 'in_person', formData: { applicant, childName: 'Bé', dateOfBirth: '2026-02-20' } } });
      t.equal(res.statusCode, 201, res.body);
      codes.push(res.json().code);
      ctx.clock.advance(86_400_000);
    }
    const agencies = (await db.selectFrom('agencies').select('id').execute()).map((a) => a.id);
    const filters = [{}, { status: 'accepted' }, { status: 'registered' }, { overdue: true }, { q: 'nguyen' }, { q: 'THỊ' }, { q: codes[2]!.slice(-6) }, { q: '001203012343' }, { procedureId: 'test-procedure' }];
    const whereOf = (f: Record<string, unknown>) => {
      if (f.status) return sql`d.status = ${f.status}`;
      if (f.overdue) return sql`d.finished_at is null and d.status in ('accepted', 'processing') and d.due_at < ${ctx.clock.now()}`;
      if (f.q) return sql`(d.code ilike ${`%${f.q}%`} or d.applicant_name_folded like '%' || fold_vi(${f.q}) || '%' or d.applicant_id_number = ${f.q})`;
      if (f.procedureId) return sql`d.procedure_id = ${f.procedureId}`;
      return sql`true`;
    };
    const compareAll = async (t: { same: (a: unknown, b: unknown, m: string) => void }, when: string) => {
      for (const agency of agencies) {
        for (const f of filters) t.same(await listed(ctx, agency, f), await recount(ctx, agency, whereOf(f)), `${when}: ${agency} ${JSON.stringify(f)}`);
      }
    };

    await t.test('after receptions, every agency and filter lists what the scope rule recounts', async (t) => {
      await compareAll(t, 'received');
      t.same(await listed(ctx, 'xa-demo', { q: 'nguyen' }), [codes[0], codes[5]].sort(), 'the name search ignores diacritics and case');
      t.equal((await listed(ctx, 'xa-demo', { overdue: true })).length > 0, true, 'some are overdue by now (the clock moved six days)');
      t.same(await listed(ctx, 'ca-xa-demo'), [], 'the police of the commune saw none of them');
    });

    await t.test('a status change moves the dossier between filtered lists', async (t) => {
      await db.updateTable('dossiers').set({ status: 'processing' }).where('code', '=', codes[1]!).execute();
      t.ok((await listed(ctx, 'xa-demo', { status: 'processing' })).includes(codes[1]!));
      t.notOk((await listed(ctx, 'xa-demo', { status: 'accepted' })).includes(codes[1]!));
    });

    await t.test('a hand-off makes the dossier visible to the receiving agency and its ancestors', async (t) => {
      const d = await db.selectFrom('dossiers').select('id').where('code', '=', codes[3]!).executeTakeFirstOrThrow();
      await db.insertInto('dossier_agencies').values({ dossier_id: d.id, agency_id: 'ca-xa-demo', role: 'handoff', since: ctx.clock.now() }).execute();
      t.same(await listed(ctx, 'ca-xa-demo'), [codes[3]]);
      t.same(await listed(ctx, 'tinh-demo', { q: NAMES[3] }), [codes[3]], 'seen once by the province, above both agencies');
    });

    await t.test('an agency moved in the tree takes its dossiers with it', async (t) => {
      const created = await app.inject({ method: 'POST', url: '/api/agencies', headers: provinceAdmin, payload: { id: 'cum-1', code: 'CUM1', name: 'Cụm xã 1', type: 'provincial_department', parentId: 'tinh-demo' } });
      t.equal(created.statusCode, 201, created.body);
      agencies.push('cum-1');
      t.same(await listed(ctx, 'cum-1'), []);
      const moved = await app.inject({ method: 'PATCH', url: '/api/agencies/xa-demo', headers: provinceAdmin, payload: { parentId: 'cum-1' } });
      t.equal(moved.statusCode, 200, moved.body);
      t.same(await listed(ctx, 'cum-1'), [...codes].sort(), 'the new parent sees the commune\'s dossiers');
      await compareAll(t, 'after a status change, a hand-off and a move');
    });

    await t.test('a corrected applicant name is searched under the new name, in every agency that sees the dossier', async (t) => {
      await db.updateTable('dossiers').set({ applicant_name: 'Đỗ Thị Hạnh' }).where('code', '=', codes[3]!).execute();
      for (const agency of ['xa-demo', 'ca-xa-demo', 'tinh-demo']) {
        t.same(await listed(ctx, agency, { q: 'do thi hanh' }), [codes[3]], `${agency} finds the new name`);
        t.same(await listed(ctx, agency, { q: NAMES[3] }), [], `${agency} no longer finds the old one`);
      }
      // The name rows are the visibility rows, each with its dossier's folded name.
      const drift = await sql<{ n: number }>`select count(*)::int as n from (
        (select agency_id, dossier_id from dossier_visibility except select agency_id, dossier_id from dossier_names)
        union all
        (select n.agency_id, n.dossier_id from dossier_names n join dossiers d on d.id = n.dossier_id where n.name is distinct from d.applicant_name_folded)
        union all
        (select agency_id, dossier_id from dossier_names except select agency_id, dossier_id from dossier_visibility)) x`.execute(db);
      t.equal(drift.rows[0]!.n, 0, 'dossier_names holds exactly the visibility rows, with the current names');
      await compareAll(t, 'after a name correction');
    });

    await t.test('the total is counted up to the window, then reported as "at least"', async (t) => {
      const res = await listDossiers(db, { agencyId: 'xa-demo', sort: 'due', page: 1, pageSize: 2, now: ctx.clock.now(), window: 4 });
      t.same([res.total, res.totalExact, res.rows.length], [4, false, 2]);
      const exact = await listDossiers(db, { agencyId: 'xa-demo', sort: 'due', page: 1, pageSize: 2, now: ctx.clock.now(), window: 6 });
      t.same([exact.total, exact.totalExact], [6, true]);
      const http = await app.inject({ url: '/api/dossiers?pageSize=2', headers: reception });
      t.same([http.json().total, http.json().totalExact, http.json().items.length], [6, true, 2]);
      const item = http.json().items[0];
      t.equal(item.formData, undefined, 'a list item carries no form');
      t.equal(item.applicant.fullName.length > 0, true, 'but the applicant and the rest of the view');
      const one = await app.inject({ url: `/api/dossiers/${item.code}`, headers: reception });
      t.equal(typeof one.json().formData?.childName, 'string', 'the dossier itself has its form');
    });

    await t.test('a search pages its matches in the list order, within the window (read once) and beyond it (SQL)', async (t) => {
      const pages = async (q: string, window: number | undefined, sort: 'due' | '-received', walk?: number) => {
        const codesOf: string[] = [];
        for (let page = 1; page <= 3; page++) {
          const res = await listDossiers(db, { agencyId: 'tinh-demo', q, sort, page, pageSize: 1, now: ctx.clock.now(), ...(window ? { window } : {}), ...(walk ? { walk } : {}) });
          codesOf.push(...res.rows.map((r) => r.code));
        }
        return codesOf;
      };
      // 'n' has no trigram (matched by strpos), 'nguyen' has (the trigram index); walked over the list, or
      // with a walk of one row too short to fill a page, so that the whole match set is read.
      for (const q of ['n', 'nguyen', 'THỊ']) {
        for (const sort of ['due', '-received'] as const) {
          const inJs = await pages(q, undefined, sort);
          t.ok(inJs.length >= 2, `${q} ${sort}: pages of one`);
          t.same(await pages(q, 1, sort), inJs, `${q} ${sort}: beyond the window, walked: the same order`);
          t.same(await pages(q, 1, sort, 1), inJs, `${q} ${sort}: beyond the window, the walk too short: the same order`);
        }
      }
    });

    await t.test('a page beyond the window is a 400 naming the page, in each language', async (t) => {
      const deep = `/api/dossiers?pageSize=100&page=${LIST_WINDOW / 100 + 1}`;
      const vi = await app.inject({ url: deep, headers: reception });
      t.equal(vi.statusCode, 400);
      t.equal(vi.json().details[0].field, 'page');
      t.equal(vi.json().details[0].code, 'too_deep', 'the same rule and code as the task list');
      t.match(vi.json().details[0].message, /thu hẹp bộ lọc/);
      const en = await app.inject({ url: deep, headers: { ...reception, 'accept-language': 'en' } });
      t.match(en.json().details[0].message, /narrow the filters/);
      t.equal((await app.inject({ url: `/api/dossiers?pageSize=100&page=${LIST_WINDOW / 100}`, headers: reception })).json().items.length, 0, 'the last page of the window is an empty page here');
    });

    await t.test('sorts follow the index order, ties by code in the same direction', async (t) => {
      const newest = (await app.inject({ url: '/api/dossiers?sort=-received', headers: reception })).json().items.map((d: { code: string }) => d.code);
      const oldest = (await app.inject({ url: '/api/dossiers?sort=received', headers: reception })).json().items.map((d: { code: string }) => d.code);
      t.same(newest.filter((c: string) => c !== codes[5]), [...oldest].reverse().filter((c: string) => c !== codes[5]), 'received dossiers newest first is the reverse of oldest first');
    });
  });
}
