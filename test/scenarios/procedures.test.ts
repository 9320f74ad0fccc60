/**
 * Every shipped procedure end to end, through the API and the task list, with the real workers on
 * the embedded engine and a moving clock: received at the counter → its steps done by the officers
 * of the right agencies (handoffs answered by the other agencies' officers) → result returned on
 * time; and the same with one supplement request, after which the time limit restarts and a second
 * request is refused.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { PROCEDURE_CATALOGUE } from '../../api/procedures/catalogue.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { at, buildWorkersApp, delivered, type WorkersApp } from '../workers/helpers.ts';

const HOUR = 3_600_000;
const OUTCOMES: Record<string, Record<string, unknown>> = {
  reception: { reception: { outcome: 'accept' } },
  triage: { triage: { outcome: 'accept' } },
  appraisal: { appraisal: { outcome: 'ok', note: 'Đủ điều kiện' } },
  verification: { verification: { outcome: 'confirmed' } },
  approval: { approval: { outcome: 'approve' } },
  delivery: { result: { outcome: 'returned', channel: 'truc_tiep' } },
};
const USERS: Record<string, string> = { receptionist: 'reception', specialist: 'specialist', leader: 'leader' };
const AGENCY_OFFICERS: Record<string, string> = { 'ca-xa-demo': 'police', 'bhxh-demo': 'insurance', 'so-xay-dung-demo': 'department' };

const example = (id: string) => JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

async function setUp(w: WorkersApp) {
  const hash = (await w.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'specialist').executeTakeFirstOrThrow()).password_hash;
  await w.handle.db.insertInto('agencies').values({ id: 'so-xay-dung-demo', code: 'SXDDEMO', name: 'Sở Xây dựng tỉnh Demo', type: 'provincial_department', parent_id: 'tinh-demo', province_code: '99' }).execute();
  await w.handle.db.insertInto('users').values(Object.entries(AGENCY_OFFICERS).map(([agency, username]) => ({ username, full_name: `Cán bộ ${username}`, email: null, roles: ['specialist' as const], agency_id: agency, password_hash: hash }))).execute();
  const tokens: Record<string, Record<string, string>> = {};
  for (const u of ['reception', 'specialist', 'leader', ...Object.values(AGENCY_OFFICERS)]) tokens[u] = { authorization: `Bearer ${await w.token(u)}` };
  return tokens;
}

/** Does the open tasks of a dossier one at a time, as its officers would, until none is left. */
async function drive(w: WorkersApp, tokens: Record<string, Record<string, string>>, code: string, onTask?: (task: { key: string; step: string | null }) => Promise<boolean>) {
  for (let i = 0; i < 30; i++) {
    await w.settle();
    const task = await w.handle.db.selectFrom('tasks').selectAll().where('dossier_code', '=', code).where('state', '=', 'CREATED').orderBy('created_at').executeTakeFirst();
    if (!task) return;
    w.clock.advance(HOUR);
    if (onTask && (await onTask(task))) continue;
    if (task.kind === 'handoff') {
      const res = await w.app.inject({ method: 'POST', url: `/api/handoffs/${task.key.slice('handoff:'.length)}/result`, headers: tokens[AGENCY_OFFICERS[task.agency_id!]!]!, payload: { outcome: 'done', note: 'Đã xử lý' } });
      if (res.statusCode !== 200) throw new Error(`handoff answer: ${res.body}`);
      continue;
    }
    const user = USERS[task.candidate_groups[0]!]!;
    const res = await w.app.inject({ method: 'POST', url: `/api/tasks/${task.key}/complete`, headers: tokens[user]!, payload: { variables: OUTCOMES[task.step!] } });
    if (res.statusCode !== 200) throw new Error(`${task.step} by ${user}: ${res.body}`);
  }
  throw new Error('the dossier never finished');
}

const [target] = databaseTargets();
t.test('every procedure, end to end through the task list', async (t) => {
  const w = await buildWorkersApp(target!);
  t.teardown(() => w.close());
  const tokens = await setUp(w);
  const receive = async (id: string) => {
    const res = await w.app.inject({ method: 'POST', url: '/api/dossiers', headers: tokens.reception!, payload: { procedureId: id, channel: 'in_person', formData: example(id) } });
    if (res.statusCode !== 201) throw new Error(`${id}: ${res.body}`);
    return res.json() as { code: string; dueAt: string };
  };
  const dossier = async (code: string) => (await w.app.inject({ url: `/api/dossiers/${code}`, headers: tokens.reception! })).json();

  let week = 0;
  for (const entry of PROCEDURE_CATALOGUE) {
    t.test(`${entry.id}: overdue — reminders, the escalation chain and the apology prompt`, async (t) => {
      // Each procedure in its own week: Monday 08:30, the first step claimed and then left undone.
      const monday = new Date(Date.parse('2026-04-06T01:30:00Z') + 7 * 86_400_000 * week++);
      await w.handle.db.deleteFrom('notifications').execute();
      w.clock.set(monday);
      const { code } = await receive(entry.id);
      await w.settle();
      const first = await w.handle.db.selectFrom('tasks').selectAll().where('dossier_code', '=', code).where('state', '=', 'CREATED').executeTakeFirstOrThrow();
      t.equal((await w.app.inject({ method: 'POST', url: `/api/tasks/${first.key}/claim`, headers: tokens.specialist! })).statusCode, 200);
      const d = await dossier(code);
      const vars = (await w.engine.getProcessInstance(d.processInstanceKey))!.variables as { dossierDue: string; dossierDueSoon: string };
      const due = Date.parse(vars.dossierDue);
      for (let now = monday.getTime(); now <= due + 5 * 86_400_000; now += 4 * HOUR) await at(w, new Date(now).toISOString());
      const got = await delivered(w);
      for (const expected of ['step-overdue→specialist', 'step-overdue→supervisor', 'step-overdue→leader', 'dossier-overdue→supervisor']) {
        t.ok(got.includes(expected), `${expected} in ${got.join(', ')}`);
      }
      t.equal(new Set(got).size, got.length, 'no reminder twice');
      const prompt = await w.handle.db.selectFrom('notifications').select(['delivered_at', 'body_vi']).where('kind', '=', 'dossier-due-soon').where('dossier_code', '=', code).orderBy('delivered_at').executeTakeFirst();
      t.ok(prompt?.delivered_at, 'the apology prompt (form 04) is delivered');
      t.ok(prompt!.delivered_at!.getTime() < due, 'before the due date');
      const hours = await w.handle.db.selectFrom('notifications').select('delivered_at').where('dossier_code', '=', code).where('delivered_at', 'is not', null).execute();
      const calendar = await w.app.calendars.forAgency('xa-demo');
      const { isWorkingInstant } = await import('../../api/domain/calendar/index.ts');
      t.ok(hours.every((h) => isWorkingInstant(calendar, h.delivered_at!)), 'none outside working time');
      t.equal((await dossier(code)).sla, 'overdue');
    });


    t.test(`${entry.id}: on time`, async (t) => {
      w.clock.set('2026-03-02T01:30:00Z'); // Monday 08:30
      const { code } = await receive(entry.id);
      await drive(w, tokens, code);
      const d = await dossier(code);
      t.equal(d.status, 'returned');
      t.ok(['early', 'on_time'].includes(d.sla), `finished ${d.sla}`);
      const instance = await w.engine.getProcessInstance(d.processInstanceKey);
      t.equal(instance!.state, 'COMPLETED');
      t.same(await w.engine.listIncidents({ processInstanceKey: d.processInstanceKey }), [], 'no incident');
    });

    t.test(`${entry.id}: one supplement, the clock restarts, a second is refused`, async (t) => {
      w.clock.set('2026-03-09T01:30:00Z'); // next Monday 08:30
      const { code } = await receive(entry.id);
      let asked = 0;
      await drive(w, tokens, code, async (task) => {
        if ((task.step !== 'appraisal' && task.step !== 'triage') || asked > 1) return false;
        const res = await w.app.inject({ method: 'POST', url: `/api/tasks/${task.key}/request-supplement`, headers: tokens.specialist!, payload: { items: ['Bản sao giấy tờ còn thiếu'] } });
        if (asked === 0) {
          t.equal(res.statusCode, 200, res.body);
          t.equal((await dossier(code)).status, 'supplement_requested');
          await w.settle();
          w.clock.advance(48 * HOUR);
          const received = await w.app.inject({ method: 'POST', url: `/api/dossiers/${code}/receive-supplement`, headers: tokens.reception! });
          t.equal(received.statusCode, 200, received.body);
          t.ok(new Date(received.json().dueAt) > w.clock.now(), 'a new due date, counted from the complete supplement');
        } else if (asked === 1) {
          t.equal(res.statusCode, 409, 'a second supplement request is refused');
          t.equal(res.json().code, 'SUPPLEMENT_ALREADY_REQUESTED');
          asked++;
          return false;
        }
        asked++;
        return true;
      });
      t.equal(asked, 2, 'one supplement, and one refused');
      const d = await dossier(code);
      t.equal(d.status, 'returned');
      t.equal(d.supplementRequests, 1);
      t.equal(d.pauses.length, 1, 'the pause is kept for the Decision 766 computation');
      t.ok(d.pauses[0].to, 'and closed');
      t.equal((await w.engine.getProcessInstance(d.processInstanceKey))!.state, 'COMPLETED');
    });
  }
});
