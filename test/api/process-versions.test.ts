import t from 'tap';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';

const shipped = readFileSync(new URL('../../processes/copy-certification.bpmn', import.meta.url), 'utf8');

const [target] = databaseTargets();
t.test('procedure controllers publish process versions', async (t) => {
  const ctx = await buildTestApp(target!);
  t.teardown(() => ctx.close());
  const { app } = ctx;
  const controller = bearer(await ctx.token('controller'));
  const xmlHeaders = { ...controller, 'content-type': 'application/xml' };
  const upload = (xml: string, headers = xmlHeaders) => app.inject({ method: 'POST', url: '/api/procedures/copy-certification/versions', headers, payload: xml });

  const before = (await app.inject({ url: '/api/procedures/copy-certification/versions', headers: controller })).json();
  t.equal(before.length, 1, 'the shipped process is deployed at start');
  t.match(before[0], { version: 1, source: 'shipped', bpmnProcessId: 'motcua-copy-certification', publishedBy: null });

  const running = await app.engine.createProcessInstance({ bpmnProcessId: 'motcua-copy-certification', variables: { dossierCode: 'XADEMO-260302-0001' } });
  t.equal(running.version, 1);

  const changed = shipped.replace(/name="Đối chiếu bản chính, bản sao"/, 'name="Đối chiếu bản chính với bản sao"');
  t.not(changed, shipped, 'the fixture changes a name');
  const published = await upload(changed);
  t.equal(published.statusCode, 201, published.body);
  t.match(published.json(), { version: 2, created: true, publishedBy: 'controller' });
  const again = await upload(changed);
  t.equal(again.statusCode, 200);
  t.match(again.json(), { version: 2, created: false }, 'identical XML keeps its version');

  t.equal((await app.engine.getProcessInstance(running.processInstanceKey))!.version, 1, 'a running dossier stays on its version');
  const fresh = await app.engine.createProcessInstance({ bpmnProcessId: 'motcua-copy-certification', variables: { dossierCode: 'XADEMO-260302-0002' } });
  t.equal(fresh.version, 2, 'new dossiers use the new version');

  const list = (await app.inject({ url: '/api/procedures/copy-certification/versions', headers: controller })).json();
  t.same(list.map((v: { version: number; publishedBy: string | null }) => [v.version, v.publishedBy]), [[2, 'controller'], [1, null]]);
  const xml = await app.inject({ url: '/api/procedures/copy-certification/versions/2/xml', headers: controller });
  t.equal(xml.body, changed);

  t.test('a diagram with errors is refused with each element named, and nothing is deployed', async (t) => {
    const unsupported = changed.replace(/<bpmn:exclusiveGateway id="(Gateway_[A-Za-z_]+)"/, '<bpmn:complexGateway id="$1"').replace(/<\/bpmn:exclusiveGateway>/, '</bpmn:complexGateway>');
    const res = await upload(unsupported);
    t.equal(res.statusCode, 400);
    t.equal(res.json().code, 'BPMN_REJECTED');
    t.ok(res.json().details.some((d: { field: string }) => /^Gateway_/.test(d.field)), `names the gateway: ${JSON.stringify(res.json().details.slice(0, 3))}`);
    const noType = changed.replace(/<zeebe:taskDefinition type="[^"]+"/, '<zeebe:taskDefinition');
    const res2 = await upload(noType);
    t.equal(res2.statusCode, 400);
    const broken = await upload('<bpmn:definitions><bpmn:process id="x"');
    t.equal(broken.statusCode, 400);
    const wrongId = await upload(changed.replaceAll('motcua-copy-certification', 'motcua-something-else'));
    t.equal(wrongId.statusCode, 400, 'the process id must stay the procedure\'s');
    const count = (await app.inject({ url: '/api/procedures/copy-certification/versions', headers: controller })).json().length;
    t.equal(count, 2);
  });

  t.test('only procedure controllers publish', async (t) => {
    const specialist = bearer(await ctx.token('specialist'));
    t.equal((await upload(changed, { ...specialist, 'content-type': 'application/xml' })).statusCode, 403);
    t.equal((await app.inject({ method: 'POST', url: '/api/procedures/nope/versions', headers: xmlHeaders, payload: changed })).statusCode, 404);
  });
});
