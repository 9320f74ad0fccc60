/**
 * Scenario (construction permit, consultation of a provincial department): an external handoff
 * to a real local HTTP server that fails twice and then accepts, every request signed; the
 * agency's callback (bad signature refused, good one correlates the message and the process
 * goes on, replay reported as a duplicate, another answer refused); unknown handoffs; the hop
 * on the control slip; dead letter after the last attempt with the supervisor alerted.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { sha256Hex } from '../../api/services/handoff-signature.ts';
import { handoffHops } from '../../api/services/handoffs.ts';
import { acceptReception, buildWorkersApp, completeTask, delivered, receiveDossier, type WorkersApp } from './helpers.ts';

const SECRET = 'tinh-demo-webhook-secret-0123456789';

/** A local agency endpoint: `/ok` fails `failFirst` times then answers 200; `/down` always 500. */
async function agencyServer(failFirst: number) {
  const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  let okCalls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const fail = req.url === '/down' || (req.url === '/ok' && okCalls++ < failFirst);
      res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' }).end(fail ? '{"error":"busy"}' : '{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { received, url: (path: string) => `http://127.0.0.1:${port}${path}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function consult(w: WorkersApp) {
  const d = await receiveDossier(w, 'construction-permit-house');
  await acceptReception(w, d.instanceKey);
  await completeTask(w, d.instanceKey, 'Task_appraisal', { appraisal: { outcome: 'consult', note: 'Xin ý kiến Sở Xây dựng về chỉ giới' } });
  const handoff = await w.handle.db.selectFrom('handoffs').selectAll().where('dossier_id', '=', d.id).executeTakeFirstOrThrow();
  return { ...d, handoff };
}

for (const target of databaseTargets()) {
  t.test(`external handoff on ${target.name}`, async (t) => {
    const agency = await agencyServer(2);
    const w = await buildWorkersApp(target);
    t.teardown(async () => { await w.close(); await agency.close(); });
    await w.handle.db.withTables<{ agencies: { webhook_url: string | null; webhook_secret: string | null; api_key_hash: string | null } }>().updateTable('agencies')
      .set({ webhook_url: agency.url('/ok'), webhook_secret: SECRET, api_key_hash: sha256Hex('agency-api-key') }).where('id', '=', 'tinh-demo').execute();
    const { code, id: dossierId, instanceKey, handoff } = await consult(w);
    const state = async () => (await w.handle.db.selectFrom('handoffs').select(['state']).where('id', '=', handoff.id).executeTakeFirstOrThrow()).state;

    t.equal(handoff.target_agency_id, 'tinh-demo');
    t.equal(handoff.mode, 'external');
    t.equal((await w.engine.getProcessInstance(instanceKey))!.variables.handoffIds && ((await w.engine.getProcessInstance(instanceKey))!.variables.handoffIds as Record<string, string>).provincial_department, handoff.id, 'the job completed with the handoff id');
    t.equal(agency.received.length, 1, 'first attempt');
    t.equal(await state(), 'sent', 'HTTP 500: not delivered');
    w.clock.advance(1000);
    await w.settle();
    t.equal(agency.received.length, 2, 'retried after 1 s');
    t.equal(await state(), 'sent');
    w.clock.advance(1999);
    await w.settle();
    t.equal(agency.received.length, 2, 'backoff doubled: not yet at 1.999 s');
    w.clock.advance(1);
    await w.settle();
    t.equal(agency.received.length, 3, 'third attempt after 2 s');
    t.equal(await state(), 'delivered');
    for (const r of agency.received) t.equal(r.headers['x-motcua-signature'], sign(r.body), 'HMAC-SHA256 of the raw body');
    const sent = JSON.parse(agency.received[2]!.body);
    t.match(sent, { handoffId: handoff.id, dossierCode: code, purpose: 'consultation', callbackUrl: new RegExp(`/api/handoffs/${handoff.id}/result$`) });
    t.ok(agency.received[2]!.headers['x-motcua-timestamp']);
    t.notOk(w.logs.join('').includes(SECRET), 'the secret is never logged');

    const answer = JSON.stringify({ outcome: 'done', note: 'Thống nhất chỉ giới xây dựng', resultId: 'SXD-2026-001' });
    const post = (body: string, headers: Record<string, string>) => w.app.inject({ method: 'POST', url: `/api/handoffs/${handoff.id}/result`, headers: { 'content-type': 'application/json', ...headers }, payload: body });
    const answered = async () => Number((await w.handle.db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('topic', '=', 'handoff.result').executeTakeFirstOrThrow()).n);

    t.test('a callback with a bad signature is refused and changes nothing', async (t) => {
      const bad = await post(answer, { 'x-motcua-signature': sign(answer, 'wrong-secret') });
      t.equal(bad.statusCode, 401);
      t.equal(bad.json().code, 'INVALID_SIGNATURE');
      t.equal((await post(answer, { 'x-motcua-signature': sign(`${answer} `) })).statusCode, 401, 'signature of another body');
      t.equal((await post(answer, { 'x-api-key': 'not-the-key' })).statusCode, 401, 'wrong API key');
      t.equal((await post(answer, {})).statusCode, 401, 'nothing');
      t.equal(await state(), 'delivered');
      t.equal(await answered(), 0);
      t.equal((await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' })).length, 0, 'the process still waits');
    });

    t.test('the signed answer correlates the message and the process goes on', async (t) => {
      const ok = await post(answer, { 'x-motcua-signature': sign(answer) });
      t.equal(ok.statusCode, 200, ok.body);
      t.match(ok.json(), { duplicate: false, handoff: { state: 'answered', outcome: 'done' } });
      await w.settle();
      const vars = (await w.engine.getProcessInstance(instanceKey))!.variables;
      t.match(vars.handoffResults, { provincial_department: { outcome: 'done', note: 'Thống nhất chỉ giới xây dựng' } });
      const open = await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' });
      t.same(open.map((x) => x.elementId), ['Task_appraisal'], 'back to appraisal');
      const audit = await w.handle.db.selectFrom('audit_log').select(['action', 'actor_username']).where('target_type', '=', 'handoff').orderBy('id').execute();
      t.same(audit.map((a) => a.action), ['handoff.send', 'handoff.delivered', 'handoff.answer']);
      t.equal(audit[2]!.actor_username, 'agency:tinh-demo');
    });

    t.test('replay: reported as a duplicate, nothing changes; another answer: 409', async (t) => {
      const again = await post(answer, { 'x-motcua-signature': sign(answer) });
      t.equal(again.statusCode, 200);
      t.equal(again.json().duplicate, true);
      t.ok(w.logs.some((l) => l.includes('duplicate handoff answer ignored')));
      t.equal(await answered(), 1, 'no second message');
      const other = JSON.stringify({ outcome: 'rejected', note: 'Đổi ý', resultId: 'SXD-2026-002' });
      t.equal((await post(other, { 'x-motcua-signature': sign(other) })).statusCode, 409);
      const byKey = await post(other, { 'x-api-key': 'agency-api-key' });
      t.equal(byKey.statusCode, 409, 'the API key authenticates too; still a different answer');
    });

    t.test('unknown handoffs and bad bodies', async (t) => {
      const url = (id: string) => `/api/handoffs/${id}/result`;
      t.equal((await w.app.inject({ method: 'POST', url: url('5b0d7c0e-0000-4000-8000-000000000000'), payload: { outcome: 'done' } })).statusCode, 404);
      t.equal((await w.app.inject({ method: 'POST', url: url('nope'), payload: { outcome: 'done' } })).statusCode, 404);
      const bad = JSON.stringify({ outcome: 'maybe' });
      t.equal((await post(bad, { 'x-motcua-signature': sign(bad) })).statusCode, 400);
    });

    t.test('officers see the hops; the control slip names the agency and its times', async (t) => {
      const res = await w.app.inject({ url: `/api/handoffs?dossierCode=${code}`, headers: { authorization: `Bearer ${await w.token('specialist')}` } });
      t.equal(res.statusCode, 200);
      t.match(res.json().items, [{ id: handoff.id, state: 'answered', targetAgencyId: 'tinh-demo', mode: 'external' }]);
      t.notOk(res.body.includes(SECRET));
      const hops = await handoffHops(w.handle.db, dossierId);
      t.equal(hops.length, 1);
      t.match(hops[0], { agency: 'Văn phòng UBND tỉnh Demo', task: 'Liên thông: Lấy ý kiến', late: false });
      t.ok(hops[0]!.sentAt);
    });

    t.test('dead letter after the last attempt: handoff failed, supervisor alerted', async (t) => {
      await w.handle.db.withTables<{ agencies: { webhook_url: string | null } }>().updateTable('agencies').set({ webhook_url: agency.url('/down') }).where('id', '=', 'tinh-demo').execute();
      w.clock.set('2026-03-02T03:00:00Z');
      const second = await consult(w);
      w.clock.advance(1000);
      await w.settle();
      w.clock.advance(2000);
      await w.settle();
      const row = await w.handle.db.selectFrom('handoffs').selectAll().where('id', '=', second.handoff.id).executeTakeFirstOrThrow();
      t.equal(row.state, 'failed', 'after 3 attempts (WEBHOOK_MAX_ATTEMPTS in this test)');
      const dead = await w.handle.db.selectFrom('outbox').select(['dead_at', 'attempts']).where('topic', '=', 'handoff.webhook').where('key', '=', second.handoff.id).executeTakeFirstOrThrow();
      t.ok(dead.dead_at);
      t.equal(dead.attempts, 3);
      t.ok((await delivered(w)).includes('handoff-failed→supervisor'));
    });
  });
}
