/**
 * The supervisor's heatmap: `GET /api/supervision/heatmap` counts, per element of a procedure's
 * process, the dossiers waiting and overdue, as a recount from the raw task rows finds them; the
 * diagram of the latest (or the asked) version; `GET /api/supervision/heatmap/items` lists those at
 * one step, most late first; scope (404 outside) and an unknown procedure or version (404).
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { settle } from '../helpers/settle.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const processXml = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8');
const NAMES = ['Lê Thị Thu', 'Nguyễn Văn Ánh', 'Trần Đức Minh', 'Phạm Thị Hoa', 'Đỗ Văn Nam'];
type Element = { elementId: string; name: string | null; waiting: number; overdue: number };

for (const target of databaseTargets()) {
  t.test(`supervision heatmap on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    const deployed = await app.engine.deployResources([{ name: 'task-test.bpmn', content: processXml }]);
    t.ok(deployed, 'deployed');
    await db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
      online_level: 'full', process_id: 'motcua-task-test', form_schema_id: 'test-procedure',
    }).execute();
    const sha256 = createHash('sha256').update(processXml).digest('hex');
    for (const version of [1, 2]) {
      await db.insertInto('process_versions').values({
        procedure_id: 'test-procedure', bpmn_process_id: 'motcua-task-test', version, process_definition_key: String(1000 + version), resource_name: 'task-test.bpmn',
        sha256, xml: version === 1 ? processXml : processXml.replace('name="Thẩm định"', 'name="Thẩm định (v2)"'), source: 'upload', published_at: new Date(),
      }).execute();
    }
    ctx.clock.set('2026-03-02T02:00:00Z');
    const [reception, specialist, supervisor, leader] = await Promise.all(['reception', 'specialist', 'supervisor', 'leader'].map(async (u) => bearer(await ctx.token(u))));
    const codes: string[] = [];
    for (const fullName of NAMES) {
      const formData = { applicant: { fullName, personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' };
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
      t.equal(res.statusCode, 201, res.body);
      codes.push(res.json().code as string);
    }
    await settle(app);
    const keyOf = async (code: string) => (await db.selectFrom('tasks').select('key').where('dossier_code', '=', code).where('state', '=', 'CREATED').executeTakeFirstOrThrow()).key;
    const first = (await db.selectFrom('tasks').select('element_id').where('key', '=', await keyOf(codes[0]!)).executeTakeFirstOrThrow()).element_id;
    // Two steps overdue, one in time, one moved to another element; the fifth waits for a supplement.
    await db.updateTable('tasks').set({ due_at: '2026-02-27T02:00:00Z' }).where('key', '=', await keyOf(codes[0]!)).execute();
    await db.updateTable('tasks').set({ due_at: '2026-03-02T01:00:00Z' }).where('key', '=', await keyOf(codes[1]!)).execute();
    await db.updateTable('tasks').set({ due_at: '2026-03-06T10:00:00Z' }).where('key', '=', await keyOf(codes[2]!)).execute();
    const other = first === 'Task_approval' ? 'Task_return' : 'Task_approval';
    await db.updateTable('tasks').set({ element_id: other, due_at: '2026-02-28T02:00:00Z' }).where('key', '=', await keyOf(codes[3]!)).execute();
    await app.inject({ method: 'POST', url: `/api/dossiers/${codes[4]}/start-processing`, headers: reception });
    t.equal((await app.inject({ method: 'POST', url: `/api/dossiers/${codes[4]}/request-supplement`, headers: specialist, payload: { items: ['Giấy chứng sinh'] } })).statusCode, 200);

    /** The counts recounted from the raw task rows. */
    const recount = async () => {
      const now = ctx.clock.now();
      const rows = await db.selectFrom('tasks').innerJoin('dossiers', 'dossiers.id', 'tasks.dossier_id')
        .select(['tasks.element_id', 'tasks.dossier_id', 'tasks.due_at', 'dossiers.status']).where('tasks.state', '=', 'CREATED').where('dossiers.procedure_id', '=', 'test-procedure').execute();
      const by = new Map<string, { waiting: Set<string>; overdue: Set<string> }>();
      for (const r of rows) {
        if (['refused', 'stopped', 'returned', 'supplement_requested'].includes(r.status)) continue;
        const e = by.get(r.element_id) ?? { waiting: new Set(), overdue: new Set() };
        by.set(r.element_id, e);
        e.waiting.add(r.dossier_id!);
        if (r.due_at && new Date(r.due_at) < now) e.overdue.add(r.dossier_id!);
      }
      return [...by.entries()].map(([elementId, e]) => ({ elementId, waiting: e.waiting.size, overdue: e.overdue.size })).sort((a, b) => a.elementId.localeCompare(b.elementId));
    };

    const res = await app.inject({ url: '/api/supervision/heatmap?procedureId=test-procedure', headers: supervisor });
    t.equal(res.statusCode, 200, res.body);
    const body = res.json() as { procedureId: string; version: number; versions: number[]; xml: string; elements: Element[] };
    t.equal(body.version, 2, 'the latest version by default');
    t.same(body.versions, [2, 1]);
    t.match(body.xml, /Thẩm định \(v2\)/);
    const counts = body.elements.map(({ elementId, waiting, overdue }) => ({ elementId, waiting, overdue })).sort((a, b) => a.elementId.localeCompare(b.elementId));
    t.same(counts, await recount(), 'the counts are a recount of the raw task rows');
    t.same(counts.find((e) => e.elementId === first), { elementId: first, waiting: 3, overdue: 2 });
    t.same(counts.find((e) => e.elementId === other), { elementId: other, waiting: 1, overdue: 1 });

    const v1 = await app.inject({ url: '/api/supervision/heatmap?procedureId=test-procedure&version=1', headers: leader });
    t.equal(v1.json().version, 1);
    t.notMatch(v1.json().xml, /\(v2\)/, 'the asked version\'s diagram');

    const items = await app.inject({ url: `/api/supervision/heatmap/items?procedureId=test-procedure&elementId=${first}`, headers: supervisor });
    t.equal(items.statusCode, 200, items.body);
    const page = items.json() as { total: number; items: Array<{ code: string; sla: string; dueAt: string | null; applicantName: string; holder: unknown }> };
    t.equal(page.total, 3);
    t.same(page.items.map((i) => i.code), [codes[0], codes[1], codes[2]], 'most late first');
    t.same(page.items.map((i) => i.sla), ['overdue', 'overdue', page.items[2]!.sla === 'due_soon' ? 'due_soon' : 'in_time']);
    t.equal(page.items[0]!.applicantName, NAMES[0]);

    for (const url of ['/api/supervision/heatmap?procedureId=test-procedure&agency=ca-xa-demo', '/api/supervision/heatmap?procedureId=nope', '/api/supervision/heatmap?procedureId=test-procedure&version=9', `/api/supervision/heatmap/items?procedureId=test-procedure&elementId=${first}&agency=tinh-demo`]) {
      t.equal((await app.inject({ url, headers: supervisor })).statusCode, 404, url);
    }
    t.equal((await app.inject({ url: '/api/supervision/heatmap', headers: supervisor })).statusCode, 400, 'procedureId is required');
    t.equal((await app.inject({ url: '/api/supervision/heatmap?procedureId=test-procedure', headers: specialist })).statusCode, 403);
  });
}
