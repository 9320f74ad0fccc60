/**
 * Two communes on one app, for the `/v2` scope tests: the demo commune (A: `xa-demo`, its unit
 * `xa-demo-ubnd`) and a second one (B: `xa-khac`, its unit `xa-khac-ubnd`) with one user per role.
 * B has a dossier of the test procedure (its appraisal open) and a dossier of a procedure whose process
 * waits on a job, failed into an incident (a message boundary event waits on that job too). Driven by hand (`settle`), no timers.
 */
import type { LightMyRequestResponse } from 'fastify';
import { bearer, buildTestApp, DEMO_PASSWORD, type TestApp } from '../../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../../helpers/test-procedure.ts';
import { settle } from '../../helpers/settle.ts';
import { hashPassword } from '../../../api/services/passwords.ts';
import type { DatabaseTarget } from '../../helpers/databases.ts';

/** A process of one service task (job type `v2-scope-job`), for an incident on a dossier's instance. */
const JOB_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_scope_job" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="motcua-scope-job" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Job" />
    <bpmn:serviceTask id="Job" name="Tra cứu"><bpmn:extensionElements><zeebe:taskDefinition type="v2-scope-job" retries="1" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:boundaryEvent id="Nudge" attachedToRef="Job" cancelActivity="false"><bpmn:messageEventDefinition messageRef="NudgeMessage" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="Job" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmn:message id="NudgeMessage" name="v2-scope-nudge"><bpmn:extensionElements><zeebe:subscription correlationKey="=&quot;scope-nudge&quot;" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

export const FORM_DATA = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };

/** Users of commune B, by role. */
export const B_USERS = {
  admin: { username: 'admin-b', roles: ['admin'], agency: 'xa-khac' },
  procedure_controller: { username: 'controller-b', roles: ['procedure_controller'], agency: 'xa-khac' },
  receptionist: { username: 'reception-b', roles: ['receptionist'], agency: 'xa-khac' },
  specialist: { username: 'specialist-b', roles: ['specialist'], agency: 'xa-khac-ubnd' },
  leader: { username: 'leader-b', roles: ['leader'], agency: 'xa-khac-ubnd' },
  supervisor: { username: 'supervisor-b', roles: ['supervisor'], agency: 'xa-khac' },
} as const;

/** Users of commune A (the demo's), by role. */
export const A_USERS: Record<string, string> = {
  admin: 'admin', procedure_controller: 'controller', receptionist: 'reception', specialist: 'specialist', leader: 'leader', supervisor: 'supervisor', integration: 'integration',
};

export interface TwoCommunes {
  ctx: TestApp;
  headers(username: string): Promise<Record<string, string>>;
  call(username: string, method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** B's test-procedure dossier: code, instance, open appraisal task, its element instance, a variable's key. */
  b: { code: string; instance: string; appraisal: string; appraisalElement: string; variable: string };
  /** B's job dossier: code, instance, its incident, definition and (failed) job. */
  bJob: { code: string; instance: string; incident: string; definition: string; job: string };
  /** A's test-procedure dossier. */
  a: { code: string; instance: string };
  /** Audit rows of an action so far. */
  audits(action: string): Promise<Array<{ actor_username: string | null; target_id: string | null; agency_id: string | null }>>;
}

export async function openTwoCommunes(target: DatabaseTarget): Promise<TwoCommunes> {
  const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
  const { app } = ctx;
  const db = ctx.handle.db;
  await addTestProcedure(ctx, { taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } });
  await app.engine.deployResources([{ name: 'scope-job.bpmn', content: JOB_PROCESS }]);
  await db.insertInto('procedures').values({
    id: 'scope-job', national_code: null, name_vi: 'Thủ tục có tra cứu', name_en: 'With a lookup', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
    online_level: 'full', process_id: 'motcua-scope-job', form_schema_id: 'test-procedure',
  }).execute();
  await db.insertInto('agencies').values([
    { id: 'xa-khac', code: 'XAKHAC', name: 'Trung tâm Phục vụ hành chính công xã Khác', type: 'commune_centre', parent_id: 'tinh-demo', province_code: '99', place: 'Xã Khác' },
    { id: 'xa-khac-ubnd', code: 'XAKHAC.UBND', name: 'Văn phòng HĐND và UBND xã Khác', type: 'commune_unit', parent_id: 'xa-khac', province_code: '99', place: 'Xã Khác' },
  ]).execute();
  await db.insertInto('agency_routes').values({ receiving_agency_id: 'xa-khac', handling_agency_type: 'commune_unit', procedure_id: null, deciding_agency_id: 'xa-khac-ubnd' }).execute();
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.insertInto('users').values(Object.values(B_USERS).map((u) => ({ username: u.username, full_name: u.username, email: null, roles: [...u.roles], agency_id: u.agency, password_hash: hash }))).execute();
  ctx.clock.set('2026-03-02T02:00:00Z');

  const tokens = new Map<string, Promise<string>>();
  const headers = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, ctx.token(username));
    return bearer(await tokens.get(username)!);
  };
  const call = async (username: string, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, headers: await headers(username), ...(payload === undefined ? {} : { payload: payload as object }) });

  const receive = async (username: string, procedureId: string) => {
    const res = await call(username, 'POST', '/api/dossiers', { procedureId, channel: 'in_person', formData: FORM_DATA });
    if (res.statusCode !== 201) throw new Error(`dossier: ${res.statusCode} ${res.body}`);
    return res.json().code as string;
  };
  const codeA = await receive('reception', 'test-procedure');
  const codeB = await receive(B_USERS.receptionist.username, 'test-procedure');
  const codeJ = await receive(B_USERS.receptionist.username, 'scope-job');
  await settle(app);
  const instanceOf = async (code: string) => (await db.selectFrom('dossiers').select('process_instance_key').where('code', '=', code).executeTakeFirstOrThrow()).process_instance_key!;
  const [instA, instB, instJ] = await Promise.all([instanceOf(codeA), instanceOf(codeB), instanceOf(codeJ)]);
  const [appraisal] = await app.engine.listUserTasks({ processInstanceKey: instB, state: 'CREATED' });
  if (!appraisal || appraisal.customHeaders.step !== 'appraisal') throw new Error(`B's appraisal is not open: ${JSON.stringify(appraisal)}`);
  const [job] = await app.engine.activateJobs({ type: 'v2-scope-job', maxJobsToActivate: 1, timeout: 60_000, worker: 'scope-test' });
  await app.engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'Không kết nối được' });
  const [incident] = await app.engine.listIncidents({ processInstanceKey: instJ });
  const definition = (await app.engine.getProcessInstance(instJ))!.processDefinitionKey;
  await settle(app);
  return {
    ctx, headers, call,
    a: { code: codeA, instance: instA },
    b: { code: codeB, instance: instB, appraisal: appraisal.key, appraisalElement: appraisal.elementInstanceKey, variable: (await app.engine.listVariables({ processInstanceKey: instB }))[0]!.variableKey },
    bJob: { code: codeJ, instance: instJ, incident: incident!.key, definition, job: job!.key },
    audits: (action) => db.selectFrom('audit_log').select(['actor_username', 'target_id', 'agency_id']).where('action', '=', action).execute(),
  };
}
