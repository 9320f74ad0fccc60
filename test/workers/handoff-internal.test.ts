/**
 * Scenario (birth + residence + health insurance bundle): after the commune's approval the
 * dossier goes in parallel to the police and to social insurance — internal agencies, so each
 * gets a task in its officers' list and sees the dossier; an officer of each answers, the
 * parallel join completes and the result return opens. Others may not answer for them.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { acceptReception, buildWorkersApp, completeTask, receiveDossier } from './helpers.ts';

for (const target of databaseTargets()) {
  t.test(`internal parallel handoffs on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    const hash = (await w.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'specialist').executeTakeFirstOrThrow()).password_hash;
    await w.handle.db.insertInto('users').values([
      { username: 'police', full_name: 'Cán bộ Công an xã', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: hash },
      { username: 'insurance', full_name: 'Cán bộ BHXH', email: null, roles: ['leader'], agency_id: 'bhxh-demo', password_hash: hash },
    ]).execute();
    const { code, id, instanceKey } = await receiveDossier(w, 'birth-residence-insurance-bundle');
    await acceptReception(w, instanceKey);
    await completeTask(w, instanceKey, 'Task_appraisal', { appraisal: { outcome: 'ok' } });
    await completeTask(w, instanceKey, 'Task_approval', { approval: { outcome: 'approve' } });

    const handoffs = await w.handle.db.selectFrom('handoffs').selectAll().where('dossier_id', '=', id).orderBy('target_role').execute();
    t.same(handoffs.map((h) => [h.target_role, h.target_agency_id, h.mode, h.state]), [['police', 'ca-xa-demo', 'internal', 'delivered'], ['social_insurance', 'bhxh-demo', 'internal', 'delivered']]);
    const tasks = await w.handle.db.selectFrom('tasks').selectAll().where('kind', '=', 'handoff').orderBy('agency_id').execute();
    t.same(tasks.map((x) => [x.key, x.agency_id, x.candidate_groups, x.state, x.dossier_code]), [
      [`handoff:${handoffs[1]!.id}`, 'bhxh-demo', ['specialist'], 'CREATED', code],
      [`handoff:${handoffs[0]!.id}`, 'ca-xa-demo', ['specialist'], 'CREATED', code],
    ]);
    t.ok(tasks.every((x) => x.due_at), 'each with its due time');
    const police = { authorization: `Bearer ${await w.token('police')}` };
    const insurance = { authorization: `Bearer ${await w.token('insurance')}` };
    t.equal((await w.app.inject({ url: `/api/dossiers/${code}`, headers: police })).statusCode, 200, 'the police officers see the dossier');
    t.equal((await w.app.inject({ url: `/api/handoffs?dossierCode=${code}`, headers: police })).json().items.length, 2);

    const answer = (handoffId: string, headers: Record<string, string>, payload: object = { outcome: 'done', note: 'Đã đăng ký thường trú' }) =>
      w.app.inject({ method: 'POST', url: `/api/handoffs/${handoffId}/result`, headers, payload });
    t.equal((await answer(handoffs[0]!.id, insurance)).statusCode, 403, 'another agency’s officer');
    t.equal((await answer(handoffs[0]!.id, { authorization: `Bearer ${await w.token('supervisor')}` })).statusCode, 403);
    t.equal((await answer(handoffs[0]!.id, {})).statusCode, 401);
    t.equal((await answer(handoffs[0]!.id, police)).statusCode, 200);
    await w.settle();
    t.same((await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' })).map((x) => x.elementId), [], 'the join waits for social insurance');
    t.equal((await answer(handoffs[1]!.id, insurance, { outcome: 'done', note: 'Đã cấp thẻ BHYT' })).statusCode, 200);
    await w.settle();
    t.same((await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' })).map((x) => x.elementId), ['Task_return']);
    const done = await w.handle.db.selectFrom('tasks').select(['state', 'completed_by']).where('kind', '=', 'handoff').execute();
    t.ok(done.every((x) => x.state === 'COMPLETED' && x.completed_by), 'handoff tasks completed by the officers');
    const vars = (await w.engine.getProcessInstance(instanceKey))!.variables;
    t.match(vars.handoffResults, { police: { outcome: 'done' }, social_insurance: { outcome: 'done', note: 'Đã cấp thẻ BHYT' } });
  });
}
