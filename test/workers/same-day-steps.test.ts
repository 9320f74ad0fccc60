/**
 * Same-day procedures on the embedded engine (issue 15, item 7): the SLA worker scales the shipped
 * allocations (1 + 3 + 2 + 2 = 8 working hours) to the 7.5-hour office day, so that each step of a
 * copy certification is due within the dossier's own day; a 3-day procedure keeps its allocations.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { acceptReception, buildWorkersApp, receiveDossier } from './helpers.ts';

for (const target of databaseTargets()) {
  t.test(`same-day step allocations on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    // Mon 2 Mar 2026 09:00 (+07:00): received and accepted at once.
    const { instanceKey } = await receiveDossier(w, 'copy-certification');
    await acceptReception(w, instanceKey);
    const vars = (await w.engine.getProcessInstance(instanceKey))!.variables;
    t.equal(vars.dossierDue, '2026-03-02T17:00:00+07:00', 'same day');
    t.same(vars.stepDue, {
      reception: '2026-03-02T09:56:00+07:00', // 1 h × 7.5/8 = 56 min
      appraisal: '2026-03-02T13:48:00+07:00', // 3 h × 7.5/8 = 2 h 48 min from 09:00, across the lunch break
    });
    t.ok((vars.stepDue as Record<string, string>).appraisal! <= (vars.dossierDue as string));

    const other = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, other.instanceKey);
    const kept = (await w.engine.getProcessInstance(other.instanceKey))!.variables;
    t.same(kept.stepDue, { reception: '2026-03-02T11:00:00+07:00', appraisal: '2026-03-03T15:30:00+07:00' }, 'a 3-day procedure: 2 h and 12 h as drawn');
  });
}
