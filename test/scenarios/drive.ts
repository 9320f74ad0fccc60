/**
 * Drives dossiers of the shipped procedures through the API and the task list, as the officers of
 * each agency would: shared by the scenarios on the embedded engine and on Zeebe.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import type { DatabaseHandle } from '../../api/db/connect.ts';
import { pdfText } from '../forms/fixtures.ts';

/** What the scenarios need of an app under test. */
export interface ScenarioApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  clock: { now(): Date; advance(ms: number): void; set(to: Date | string): void };
  token(username: string): Promise<string>;
  /** Runs everything pending until nothing moves. */
  settle(): Promise<void>;
}

export const HOUR = 3_600_000;
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

export const example = (id: string) => JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

export async function setUp(w: ScenarioApp) {
  const hash = (await w.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'specialist').executeTakeFirstOrThrow()).password_hash;
  await w.handle.db.insertInto('agencies').values({ id: 'so-xay-dung-demo', code: 'SXDDEMO', name: 'Sở Xây dựng tỉnh Demo', type: 'provincial_department', parent_id: 'tinh-demo', province_code: '99' }).execute();
  await w.handle.db.insertInto('users').values(Object.entries(AGENCY_OFFICERS).map(([agency, username]) => ({ username, full_name: `Cán bộ ${username}`, email: null, roles: ['specialist' as const], agency_id: agency, password_hash: hash }))).execute();
  const tokens: Record<string, Record<string, string>> = {};
  for (const u of ['reception', 'specialist', 'leader', ...Object.values(AGENCY_OFFICERS)]) tokens[u] = { authorization: `Bearer ${await w.token(u)}` };
  return tokens;
}

/** Does the open tasks of a dossier one at a time, as its officers would, until none is left. */
export async function drive(w: ScenarioApp, tokens: Record<string, Record<string, string>>, code: string, onTask?: (task: { key: string; step: string | null }) => Promise<boolean>) {
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


/** Receives a dossier of a catalogue procedure at the counter, with its example form. */
export async function receiveAtCounter(w: ScenarioApp, tokens: Record<string, Record<string, string>>, procedureId: string): Promise<{ code: string; dueAt: string }> {
  const res = await w.app.inject({ method: 'POST', url: '/api/dossiers', headers: tokens.reception!, payload: { procedureId, channel: 'in_person', formData: example(procedureId) } });
  if (res.statusCode !== 201) throw new Error(`${procedureId}: ${res.body}`);
  return res.json() as { code: string; dueAt: string };
}

/** The dossier as reception reads it. */
export async function dossierView(w: ScenarioApp, tokens: Record<string, Record<string, string>>, code: string): Promise<any> {
  return (await w.app.inject({ url: `/api/dossiers/${code}`, headers: tokens.reception! })).json();
}

/** Received on a Monday 08:30 (`start`), every step done in turn: returned on time, its instance completed without incident. */
export async function onTime(t: Test, w: ScenarioApp, tokens: Record<string, Record<string, string>>, procedureId: string, start: string): Promise<void> {
  w.clock.set(start);
  const { code } = await receiveAtCounter(w, tokens, procedureId);
  await drive(w, tokens, code);
  const d = await dossierView(w, tokens, code);
  t.equal(d.status, 'returned');
  t.ok(['early', 'on_time'].includes(d.sla), `finished ${d.sla}`);
  const instance = await w.app.engine.getProcessInstance(d.processInstanceKey);
  t.equal(instance!.state, 'COMPLETED');
  t.same(await w.app.engine.listIncidents({ processInstanceKey: d.processInstanceKey }), [], 'no incident');
  // Form 06 from the process's own steps: every step on time, the centre not named late for the reception.
  const slip = await w.app.inject({ url: `/api/dossiers/${code}/forms/06.pdf`, headers: tokens.reception! });
  t.equal(slip.statusCode, 200);
  const text = (await pdfText(slip.rawPayload)).text;
  t.ok(text.includes('Không có bước, cơ quan nào làm quá hạn.') && !text.includes('Quá hạn'), `form 06: no step late\n${text}`);
  t.ok(text.includes('Người giao: ') && text.includes('Tiếp nhận'), 'form 06: the reception step and its hand-over');
}

/** One supplement asked at the first appraisal or triage step: the clock restarts; a second request is refused. */
export async function oneSupplement(t: Test, w: ScenarioApp, tokens: Record<string, Record<string, string>>, procedureId: string, start: string): Promise<void> {
  w.clock.set(start);
  const { code } = await receiveAtCounter(w, tokens, procedureId);
  let asked = 0;
  await drive(w, tokens, code, async (task) => {
    if ((task.step !== 'appraisal' && task.step !== 'triage') || asked > 1) return false;
    const res = await w.app.inject({ method: 'POST', url: `/api/tasks/${task.key}/request-supplement`, headers: tokens.specialist!, payload: { items: ['Bản sao giấy tờ còn thiếu'] } });
    if (asked === 0) {
      t.equal(res.statusCode, 200, res.body);
      t.equal((await dossierView(w, tokens, code)).status, 'supplement_requested');
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
  const d = await dossierView(w, tokens, code);
  t.equal(d.status, 'returned');
  t.equal(d.supplementRequests, 1);
  t.equal(d.pauses.length, 1, 'the pause is kept for the Decision 766 computation');
  t.ok(d.pauses[0].to, 'and closed');
  t.equal((await w.app.engine.getProcessInstance(d.processInstanceKey))!.state, 'COMPLETED');
}
