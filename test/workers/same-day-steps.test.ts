/**
 * Same-day procedures on the embedded engine (issue 15, item 7): the SLA worker scales the shipped
 * allocations (1 + 3 + 2 + 2 = 8 working hours) to the 7.5-hour office day, so that each step of a
 * copy certification is due within the dossier's own day; a 3-day procedure keeps its allocations.
 * The steps' due dates are set by their `creating` task listener (processes/README.md).
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { acceptReception, buildWorkersApp, receiveDossier, type WorkersApp } from './helpers.ts';

/** The due date of each user task of an instance, open or done, by element id. */
async function stepDues(w: WorkersApp, instanceKey: string): Promise<Record<string, string | null>> {
  const tasks = await w.engine.listUserTasks({ processInstanceKey: instanceKey });
  return Object.fromEntries(tasks.map((task) => [task.elementId, task.dueDate ?? null]));
}

for (const target of databaseTargets()) {
  t.test(`same-day step allocations on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    // The procedure row with its legal limit, same day (the helper's rows are 3-day ones).
    await w.handle.db.insertInto('procedures').values({
      id: 'wt-copy-certification', name_vi: 'Chứng thực bản sao', name_en: 'copy-certification', field: 'Thử nghiệm', legal_limit: JSON.stringify({ kind: 'sameDay' }),
      online_level: 'full', process_id: 'motcua-copy-certification', form_schema_id: 'copy-certification', extra: JSON.stringify({}),
    }).execute();
    // Mon 2 Mar 2026 09:00 (+07:00): received and accepted at once.
    const { code, instanceKey } = await receiveDossier(w, 'copy-certification');
    await acceptReception(w, instanceKey);
    const dossier = await w.handle.db.selectFrom('dossiers').select('due_at').where('code', '=', code).executeTakeFirstOrThrow();
    t.equal(dossier.due_at?.toISOString(), '2026-03-02T10:00:00.000Z', 'same day: 17:00');
    const dues = await stepDues(w, instanceKey);
    t.same(dues, {
      Task_reception: '2026-03-02T09:56:00+07:00', // 1 h × 7.5/8 = 56 min
      Task_appraisal: '2026-03-02T13:48:00+07:00', // 3 h × 7.5/8 = 2 h 48 min from 09:00, across the lunch break
    });
    t.ok(new Date(dues.Task_appraisal!) <= dossier.due_at!, 'the appraisal is due before the dossier');

    const other = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, other.instanceKey);
    t.same(await stepDues(w, other.instanceKey), { Task_reception: '2026-03-02T11:00:00+07:00', Task_appraisal: '2026-03-03T15:30:00+07:00' }, 'a 3-day procedure: 2 h and 12 h as drawn');
  });
}
