/**
 * The API behind the process modeler (`/quy-trinh`): the live check, the element templates, the
 * supported-elements list, and deploying with a comment and a base version (stale → 409 unless confirmed;
 * two deploys at once both numbered).
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { parseBpmn } from '../../engine-adapter/embedded/index.ts';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] } };
const templateSchema = require('@camunda/zeebe-element-templates-json-schema/resources/schema.json');

const shipped = readFileSync(new URL('../../processes/marriage-registration.bpmn', import.meta.url), 'utf8');
const URL_BASE = '/api/procedures/marriage-registration';

const [target] = databaseTargets();
t.test('the process modeler API', async (t) => {
  const ctx = await buildTestApp(target!);
  t.teardown(() => ctx.close());
  const { app } = ctx;
  const controller = bearer(await ctx.token('controller'));
  const xmlHeaders = { ...controller, 'content-type': 'application/xml' };
  const check = (xml: string, headers: Record<string, string> = xmlHeaders) => app.inject({ method: 'POST', url: `${URL_BASE}/check`, headers, payload: xml });
  const deploy = (xml: string, query = '') => app.inject({ method: 'POST', url: `${URL_BASE}/versions${query}`, headers: xmlHeaders, payload: xml });
  const versions = async () => (await app.inject({ url: `${URL_BASE}/versions`, headers: controller })).json() as Array<{ version: number; comment: string | null; publishedBy: string | null }>;

  await t.test('supported elements: the engine\'s own list, refused elements absent', async (t) => {
    const res = await app.inject({ url: '/api/modeler/supported-elements', headers: controller });
    t.equal(res.statusCode, 200);
    const list = res.json();
    for (const type of ['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ExclusiveGateway', 'bpmn:EventBasedGateway', 'bpmn:SubProcess', 'bpmn:ReceiveTask', 'bpmn:AdHocSubProcess']) t.ok(list.flowNodes.includes(type), type);
    for (const type of ['bpmn:ComplexGateway', 'bpmn:Transaction']) t.notOk(list.flowNodes.includes(type), `${type} is not offered`);
    t.ok(list.events['bpmn:BoundaryEvent'].includes('bpmn:CompensateEventDefinition'), 'compensation boundary events are offered');
    t.notOk(list.events['bpmn:IntermediateThrowEvent'].includes('bpmn:CancelEventDefinition'), 'no cancel events (no transactions)');
    t.notOk(list.events['bpmn:BoundaryEvent'].includes('bpmn:CancelEventDefinition'));
    // The list is what the engine does: a complex gateway (not listed) is refused by the parser.
    const complex = shipped.replace(/<bpmn:exclusiveGateway id="(Gateway_appraisal)"([^>]*)>/, '<bpmn:complexGateway id="$1"$2>').replace(/<\/bpmn:exclusiveGateway>/, '</bpmn:complexGateway>');
    await t.rejects(parseBpmn(complex, 'x.bpmn'), /Complex|complex|unsupported/i);
    const specialist = bearer(await ctx.token('specialist'));
    t.equal((await app.inject({ url: '/api/modeler/supported-elements', headers: specialist })).statusCode, 403, 'officers do not model');
  });

  await t.test('element templates: valid Camunda 8 templates, dropdowns fed by the installation', async (t) => {
    const res = await app.inject({ url: `${URL_BASE}/element-templates`, headers: controller });
    t.equal(res.statusCode, 200);
    const templates = res.json() as Array<{ id: string; elementType: { value: string }; properties: Array<{ id?: string; type: string; value?: string; editable?: boolean; choices?: Array<{ value: string }>; binding: { type: string; key?: string; property?: string } }> }>;
    t.same(templates.map((x) => x.id), ['vn.motcua.reception', 'vn.motcua.appraisal', 'vn.motcua.approval', 'vn.motcua.verification', 'vn.motcua.handoff', 'vn.motcua.notify']);
    const validate = new Ajv({ strict: false, allErrors: true }).compile(templateSchema);
    for (const template of templates) t.ok(validate(template), `${template.id} is valid against the element-template JSON schema: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    const appraisal = templates.find((x) => x.id === 'vn.motcua.appraisal')!;
    t.equal(appraisal.elementType.value, 'bpmn:UserTask');
    const prop = (key: string) => appraisal.properties.find((p) => p.binding.key === key || p.binding.property === key);
    t.same(prop('candidateGroups')!.choices!.map((c) => c.value), ['receptionist', 'specialist', 'leader'], 'the groups');
    t.equal(prop('candidateGroups')!.value, 'specialist');
    t.ok(prop('slaHours')!.choices!.some((c) => c.value === '8'), 'one working day = 8 working hours');
    const listener = appraisal.properties.find((p) => p.binding.type === 'zeebe:taskListener') as { value?: string; binding: { eventType?: string } } | undefined;
    t.equal(listener?.value, 'motcua-step-due', 'the due date comes from the creating listener');
    t.equal(listener?.binding.eventType, 'creating');
    t.notOk(appraisal.properties.some((p) => p.binding.type === 'zeebe:taskSchedule'), 'no drawn due date');
    t.equal(prop('externalReference')!.value, 'motcua:marriage-registration/appraisal');
    t.ok(appraisal.properties.some((p) => p.binding.type === 'zeebe:userTask'));
    t.notOk(appraisal.properties.some((p) => p.type === 'String' && p.editable !== false && p.value?.startsWith('=')), 'nothing to type in FEEL');
    const handoff = templates.find((x) => x.id === 'vn.motcua.handoff')!;
    const agencies = handoff.properties.find((p) => p.binding.key === 'targetAgencyRole')!.choices!.map((c) => c.value);
    const types = (await app.db.selectFrom('agencies').select('type').where('disabled', '=', false).execute()).map((r) => r.type);
    t.ok(agencies.length > 0, `agencies offered: ${agencies.join()}`);
    for (const a of agencies) t.ok(types.includes(a as never), `${a} exists in the installation`);
    t.notOk(agencies.includes('commune_centre'), 'not a handoff to the centre itself');
  });

  await t.test('the live check: the same rules as an upload, each issue on its element', async (t) => {
    const ok = await check(shipped);
    t.equal(ok.statusCode, 200);
    t.equal(ok.json().ok, true, JSON.stringify(ok.json().issues.filter((i: { category: string }) => i.category === 'error')));
    const malformed = await check('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="x"');
    t.equal(malformed.json().ok, false);
    t.equal(malformed.json().issues[0].elementId, 'definitions');
    const c7 = shipped.replace('xmlns:zeebe=', 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe=')
      .replace('<bpmn:userTask id="Task_appraisal"', '<bpmn:userTask id="Task_appraisal" camunda:assignee="demo"');
    const c7res = (await check(c7)).json();
    t.equal(c7res.ok, false, 'a Camunda 7 diagram is refused');
    t.ok(c7res.issues.some((i: { elementId: string; rule: string }) => i.elementId === 'Task_appraisal' && i.rule === 'motcua/camunda-7'), 'on the element with camunda: attributes');
    const noGroup = shipped.replace(/(<bpmn:userTask id="Task_appraisal"[\s\S]*?candidateGroups=")specialist(")/, '$1nobody$2');
    t.not(noGroup, shipped);
    const broken = (await check(noGroup)).json();
    t.ok(broken.issues.some((i: { elementId: string; rule: string }) => i.elementId === 'Task_appraisal' && i.rule === 'motcua/candidate-group'), 'a contract breach on its element');
    t.equal((await deploy(noGroup)).statusCode, 400, 'the upload refuses what the check refuses');
    t.equal((await app.inject({ method: 'POST', url: '/api/procedures/no-such/check', headers: xmlHeaders, payload: shipped })).statusCode, 404);
    const empty = await app.inject({ method: 'POST', url: `${URL_BASE}/check`, headers: { ...xmlHeaders, 'accept-language': 'en' }, payload: '' });
    t.equal(empty.statusCode, 400);
  });

  await t.test('deploying with a comment and the base version', async (t) => {
    const before = await versions();
    const base = before[0]!.version;
    const v2xml = shipped.replace('name="Kiểm tra điều kiện kết hôn"', 'name="Kiểm tra điều kiện kết hôn (sửa)"');
    t.not(v2xml, shipped, 'the fixture renames the appraisal');
    const first = await deploy(v2xml, `?baseVersion=${base}&comment=${encodeURIComponent('Đổi tên bước thẩm định')}`);
    t.equal(first.statusCode, 201, first.body);
    t.equal(first.json().comment, 'Đổi tên bước thẩm định');
    const v3xml = v2xml.replace('name="Kiểm tra điều kiện kết hôn (sửa)"', 'name="Kiểm tra"');
    const stale = await deploy(v3xml, `?baseVersion=${base}`);
    t.equal(stale.statusCode, 409, 'an editor opened on an older version is warned');
    t.match(stale.json(), { code: 'PROCESS_VERSION_STALE', details: { currentVersion: base + 1, baseVersion: base } });
    t.equal((await versions()).length, before.length + 1, 'nothing deployed');
    const confirmed = await deploy(v3xml, `?baseVersion=${base}&overwrite=true`);
    t.equal(confirmed.statusCode, 201, 'deployed once the controller confirms');
    const list = await versions();
    t.same(list.slice(0, 2).map((v) => [v.version, v.comment]), [[base + 2, null], [base + 1, 'Đổi tên bước thẩm định']]);
    const bad = await deploy(v3xml, '?baseVersion=abc');
    t.equal(bad.statusCode, 400);
    t.match(JSON.stringify(bad.json().details), /baseVersion/, 'the bad field is named');
    const audit = await app.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'procedure.publish_version').where('target_id', '=', 'marriage-registration').execute();
    t.equal(audit.length, 2, 'one audit row per version');
  });

  await t.test('two controllers deploying at once: both versions numbered, none lost', async (t) => {
    const before = await versions();
    const a = shipped.replace('name="Kiểm tra điều kiện kết hôn"', 'name="Kiểm tra A"');
    const b = shipped.replace('name="Kiểm tra điều kiện kết hôn"', 'name="Kiểm tra B"');
    const [ra, rb] = await Promise.all([deploy(a), deploy(b)]);
    t.equal(ra.statusCode, 201, ra.body);
    t.equal(rb.statusCode, 201, rb.body);
    t.not(ra.json().version, rb.json().version, 'two numbers');
    const after = await versions();
    t.equal(after.length, before.length + 2);
    const xmlA = (await app.inject({ url: `${URL_BASE}/versions/${ra.json().version}/xml`, headers: controller })).body;
    t.match(xmlA, /Kiểm tra A/, 'each version keeps its own diagram');
    const xmlB = (await app.inject({ url: `${URL_BASE}/versions/${rb.json().version}/xml`, headers: controller })).body;
    t.match(xmlB, /Kiểm tra B/);

    // Both editors opened on the same version: whoever comes second is warned, never silently replaced.
    const base = after[0]!.version;
    const c = shipped.replace('name="Kiểm tra điều kiện kết hôn"', 'name="Kiểm tra C"');
    const d = shipped.replace('name="Kiểm tra điều kiện kết hôn"', 'name="Kiểm tra D"');
    const both = await Promise.all([deploy(c, `?baseVersion=${base}`), deploy(d, `?baseVersion=${base}`)]);
    for (const r of both) t.ok(r.statusCode === 201 || (r.statusCode === 409 && r.json().code === 'PROCESS_VERSION_STALE'), `deployed or warned: ${r.statusCode}`);
    const deployed = both.filter((r) => r.statusCode === 201).length;
    t.ok(deployed >= 1, 'the first one deploys');
    t.equal((await versions()).length, after.length + deployed, 'every success is a version of its own');
  });
});
