/**
 * A supplement asked from the dossier page (not the task list) is mirrored into the process at the
 * step that is open: the appraisal, or the triage of a procedure that triages (feedback and petitions).
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { acceptReception, buildWorkersApp, receiveDossier } from './helpers.ts';

const [target] = databaseTargets();

for (const [fileId, elementId, variable] of [['feedback-petition', 'Task_triage', 'triage'], ['birth-registration', 'Task_appraisal', 'appraisal']] as const) {
  t.test(`${fileId}: a supplement asked on the dossier page completes the open ${variable} task`, async (t) => {
    const w = await buildWorkersApp(target!);
    t.teardown(() => w.close());
    const { code, instanceKey } = await receiveDossier(w, fileId);
    await acceptReception(w, instanceKey);
    const open = async () => (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' })).map((x) => x.elementId);
    t.same(await open(), [elementId], `the process waits at ${elementId}`);

    const res = await w.app.inject({
      method: 'POST', url: `/api/dossiers/${code}/request-supplement`, headers: { authorization: `Bearer ${await w.token('specialist')}` },
      payload: { items: ['Bản sao căn cước của người nộp'] },
    });
    t.equal(res.statusCode, 200, res.body);
    await w.settle();

    t.same(await open(), [], `${elementId} is completed`);
    const vars = (await w.engine.getProcessInstance(instanceKey))!.variables;
    t.match(vars[variable], { outcome: 'supplement', note: 'Bản sao căn cước của người nộp' }, 'with the supplement outcome and the items');
    const done = await w.engine.getProcessInstanceHistory(instanceKey);
    t.ok(done.some((h) => h.elementId === elementId && h.state === 'COMPLETED'));
  });
}
