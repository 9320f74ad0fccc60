/**
 * The small test procedure most API tests drive: its form (`test/fixtures/schemas`) and its process
 * (`test/fixtures/processes/task-test.bpmn`: reception, appraisal, approval, delivery), deployed and
 * added to the catalogue of a test app.
 */
import { readFileSync } from 'node:fs';
import type { TestApp } from './app.ts';

/** The form schema directory to build the test app with (`buildTestApp(target, {}, { formSchemaDir })`). */
export const TEST_SCHEMA_DIR = new URL('../fixtures/schemas', import.meta.url).pathname;
export const TEST_PROCESS_XML = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8');

/** Deploys the test process and adds `test-procedure` (3 working days) to the catalogue. */
export async function addTestProcedure(ctx: TestApp, extra?: { taskOutcomes: Record<string, string[]> }): Promise<void> {
  await ctx.app.engine.deployResources([{ name: 'task-test.bpmn', content: TEST_PROCESS_XML }]);
  await ctx.handle.db.insertInto('procedures').values({
    id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
    online_level: 'full', process_id: 'motcua-task-test', form_schema_id: 'test-procedure',
    ...(extra ? { extra: JSON.stringify(extra) } : {}),
  }).execute();
}

/**
 * Adds `test-procedure` to the catalogue only: its process is not deployed, so its dossiers stay as received
 * (tests of lists, codes and engine failures that must not race with a running process).
 */
export async function addCatalogueProcedure(ctx: Pick<TestApp, 'handle'>): Promise<void> {
  await ctx.handle.db.insertInto('procedures').values({
    id: 'test-procedure', national_code: '9.999999', name_vi: 'Thủ tục thử nghiệm', name_en: 'Test procedure', field: 'Hộ tịch',
    legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
  }).execute();
}
