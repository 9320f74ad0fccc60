/**
 * A dossier received in this process has its process started, and its counter reception task
 * completed, without waiting for the engine bridge's idle poll: the reception and the reception
 * task's completion event wake it. The poll is set to an hour here, so only the wake-ups can move
 * the dossier to its appraisal step (the app running as `npm start` runs it: engine, projector and
 * bridge started).
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { databaseTargets } from '../helpers/databases.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const processXml = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8');
const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };
const HOUR = 3_600_000;

for (const target of databaseTargets()) {
  t.test(`the engine bridge woken by a reception on ${target.name}`, async (t) => {
    // Deployed before the bridge starts: its first round (when the app gets ready) finds nothing, then sleeps an hour.
    const ctx = await buildTestApp(target, {}, {
      formSchemaDir: schemaDir, bridgePollMs: HOUR,
      beforeReady: (app) => app.addHook('onReady', async () => { await app.engine.deployResources([{ name: 'task-test.bpmn', content: processXml }]); }),
    });
    t.teardown(() => ctx.close());
    const db = ctx.handle.db;
    await db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
      online_level: 'full', process_id: 'motcua-task-test', form_schema_id: 'test-procedure',
      extra: JSON.stringify({ taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } }),
    }).execute();
    await new Promise((r) => setTimeout(r, 300)); // the bridge's first (empty) round is over: it sleeps now
    const res = await ctx.app.inject({ method: 'POST', url: '/api/dossiers', headers: bearer(await ctx.token('reception')), payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
    t.equal(res.statusCode, 201, res.statusCode === 201 ? 'received' : res.body);
    const id = (await db.selectFrom('dossiers').select('id').where('code', '=', (res.json() as { code: string }).code).executeTakeFirstOrThrow()).id;
    const steps = () => db.selectFrom('tasks').select(['step', 'state']).where('dossier_id', '=', id).orderBy('created_at').orderBy('key').execute();
    // Far below the hour's poll; generous for a loaded CI machine.
    const deadline = Date.now() + 30_000;
    let seen = await steps();
    while (!seen.some((s) => s.step === 'appraisal') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await steps();
    }
    t.ok((await db.selectFrom('dossiers').select('process_instance_key').where('id', '=', id).executeTakeFirstOrThrow()).process_instance_key, 'the process started (the reception woke the bridge)');
    t.same(seen.map((s) => `${s.step}:${s.state}`), ['reception:COMPLETED', 'appraisal:CREATED'], 'the reception task completed (its completion event woke the bridge) and the appraisal step open');
  });
}
