/**
 * The access matrix over `/v2` by agency (as `test/api/rbac.test.ts` is by role): every `/v2` route
 * declares its scope (`config.v2Scope`), and every `tenant` route is called here by each role of
 * commune A that may call it, with commune B's keys: a key is 404, a search finds nothing, a count
 * counts nothing. The same read by B's own user finds it (the test could fail). A new `/v2` route
 * fails this suite until it declares its scope and, if it is a tenant route, has a case here.
 */
import t from 'tap';
import { databaseTargets } from '../../helpers/databases.ts';
import { declaredV2Scopes } from '../../../api/routes/v2/scope.ts';
import { A_USERS, B_USERS, openTwoCommunes, type TwoCommunes } from './two-communes.ts';
import { decisionInstanceOf } from './decision-fixture.ts';

type Keys = Pick<TwoCommunes, 'a' | 'b' | 'bJob'>;
type Kind = 'key' | 'search' | 'count' | 'refused';
interface Case { kind: Kind; read?: boolean; request(k: Keys, username: string): { method: string; url: string; payload?: unknown } }

/** One case per tenant-scoped `/v2` route, with B's keys. */
const CASES: Record<string, Case> = {
  'POST /v2/process-instances': { kind: 'refused', request: () => ({ method: 'POST', url: '/v2/process-instances', payload: { processDefinitionId: 'motcua-task-test', variables: {} } }) },
  'POST /v2/process-instances/:processInstanceKey/cancellation': { kind: 'key', request: (k) => ({ method: 'POST', url: `/v2/process-instances/${k.b.instance}/cancellation`, payload: {} }) },
  'GET /v2/process-instances/:processInstanceKey': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/process-instances/${k.b.instance}` }) },
  'POST /v2/process-instances/search': { kind: 'search', read: true, request: (k) => ({ method: 'POST', url: '/v2/process-instances/search', payload: { filter: { processInstanceKey: { $in: [k.b.instance, k.bJob.instance] } } } }) },
  'POST /v2/process-definitions/:processDefinitionKey/statistics/element-instances': { kind: 'count', read: true, request: (k) => ({ method: 'POST', url: `/v2/process-definitions/${k.bJob.definition}/statistics/element-instances`, payload: {} }) },
  'POST /v2/element-instances/search': { kind: 'search', read: true, request: (k) => ({ method: 'POST', url: '/v2/element-instances/search', payload: { filter: { processInstanceKey: k.b.instance } } }) },
  'PUT /v2/element-instances/:elementInstanceKey/variables': { kind: 'key', request: (k) => ({ method: 'PUT', url: `/v2/element-instances/${k.b.instance}/variables`, payload: { variables: { appraisal: { outcome: 'ok' } } } }) },
  'POST /v2/variables/search': { kind: 'search', read: true, request: (k) => ({ method: 'POST', url: '/v2/variables/search', payload: { filter: { processInstanceKey: k.b.instance } } }) },
  'GET /v2/variables/:variableKey': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/variables/${k.b.variable}` }) },
  'GET /v2/incidents/:incidentKey': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/incidents/${k.bJob.incident}` }) },
  'GET /v2/element-instances/:elementInstanceKey': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/element-instances/${k.b.appraisalElement}` }) },
  'POST /v2/jobs/search': { kind: 'search', read: true, request: (k) => ({ method: 'POST', url: '/v2/jobs/search', payload: { filter: { jobKey: k.bJob.job } } }) },
  'POST /v2/message-subscriptions/search': { kind: 'search', read: true, request: (k) => ({ method: 'POST', url: '/v2/message-subscriptions/search', payload: { filter: { processInstanceKey: k.bJob.instance } } }) },
  'POST /v2/user-tasks/:userTaskKey/variables/search': { kind: 'key', read: true, request: (k) => ({ method: 'POST', url: `/v2/user-tasks/${k.b.appraisal}/variables/search`, payload: {} }) },
  'GET /v2/process-instances/:processInstanceKey/call-hierarchy': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/process-instances/${k.b.instance}/call-hierarchy` }) },
  'GET /v2/process-instances/:processInstanceKey/sequence-flows': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/process-instances/${k.b.instance}/sequence-flows` }) },
  'GET /v2/process-instances/:processInstanceKey/statistics/element-instances': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/process-instances/${k.b.instance}/statistics/element-instances` }) },
  'POST /v2/process-instances/:processInstanceKey/incidents/search': { kind: 'key', read: true, request: (k) => ({ method: 'POST', url: `/v2/process-instances/${k.bJob.instance}/incidents/search`, payload: {} }) },
  'POST /v2/user-tasks/search': { kind: 'search', read: true, request: (k) => ({ method: 'POST', url: '/v2/user-tasks/search', payload: { filter: { processInstanceKey: k.b.instance } } }) },
  'GET /v2/user-tasks/:userTaskKey': { kind: 'key', read: true, request: (k) => ({ method: 'GET', url: `/v2/user-tasks/${k.b.appraisal}` }) },
  'POST /v2/user-tasks/:userTaskKey/assignment': { kind: 'key', request: (k, username) => ({ method: 'POST', url: `/v2/user-tasks/${k.b.appraisal}/assignment`, payload: { assignee: username } }) },
  'DELETE /v2/user-tasks/:userTaskKey/assignee': { kind: 'key', request: (k) => ({ method: 'DELETE', url: `/v2/user-tasks/${k.b.appraisal}/assignee` }) },
  'POST /v2/user-tasks/:userTaskKey/completion': { kind: 'key', request: (k) => ({ method: 'POST', url: `/v2/user-tasks/${k.b.appraisal}/completion`, payload: { variables: { appraisal: { outcome: 'ok' } } } }) },
  'PATCH /v2/user-tasks/:userTaskKey': { kind: 'key', request: (k) => ({ method: 'PATCH', url: `/v2/user-tasks/${k.b.appraisal}`, payload: { changeset: { priority: 10 } } }) },
  'POST /v2/incidents/search': { kind: 'search', read: true, request: (k) => ({ method: 'POST', url: '/v2/incidents/search', payload: { filter: { processInstanceKey: k.bJob.instance } } }) },
  'POST /v2/incidents/:incidentKey/resolution': { kind: 'key', request: (k) => ({ method: 'POST', url: `/v2/incidents/${k.bJob.incident}/resolution`, payload: {} }) },
  'POST /v2/decision-instances/search': { kind: 'search', read: true, request: () => ({ method: 'POST', url: '/v2/decision-instances/search', payload: { filter: { decisionEvaluationInstanceKey: bDecision } } }) },
  'GET /v2/decision-instances/:decisionEvaluationInstanceKey': { kind: 'key', read: true, request: () => ({ method: 'GET', url: `/v2/decision-instances/${bDecision}` }) },
};

/** Unfiltered searches: none of B's keys among the items. */
const UNFILTERED: Record<string, [string, string]> = {
  '/v2/process-instances/search': ['processInstanceKey', 'instance'],
  '/v2/user-tasks/search': ['processInstanceKey', 'instance'],
  '/v2/element-instances/search': ['processInstanceKey', 'instance'],
  '/v2/incidents/search': ['processInstanceKey', 'instance'],
  '/v2/jobs/search': ['processInstanceKey', 'instance'],
  '/v2/message-subscriptions/search': ['processInstanceKey', 'instance'],
  '/v2/decision-instances/search': ['processInstanceKey', 'instance'],
};

/** A decision instance of B's dossier instance (decision-fixture.ts). */
let bDecision = '';

const [target] = databaseTargets();
t.test(`/v2 scope matrix: every tenant route × every role of another commune (${target!.name})`, async (t) => {
  const two = await openTwoCommunes(target!);
  bDecision = await decisionInstanceOf(two.ctx.app.engine, two.ctx.handle.db, two.b.instance);
  t.teardown(() => two.ctx.close());
  const { app } = two.ctx;

  const declared = declaredV2Scopes(app);
  const v2Access = app.routeAccess.filter((r) => r.url.startsWith('/v2'));
  t.same(declared.map((r) => `${r.method} ${r.url}`).sort(), v2Access.map((r) => `${r.method} ${r.url}`).sort(), 'every /v2 route declares its scope');
  const tenantRoutes = declared.filter((r) => r.scope === 'tenant').map((r) => `${r.method} ${r.url}`);
  t.same(tenantRoutes.sort(), Object.keys(CASES).sort(), 'every tenant-scoped route has a case in this matrix');
  t.same(declared.filter((r) => r.scope === 'catalogue').map((r) => `${r.method} ${r.url}`).sort(), ['GET /v2/decision-definitions/:decisionDefinitionKey', 'GET /v2/decision-definitions/:decisionDefinitionKey/xml', 'GET /v2/decision-requirements/:decisionRequirementsKey', 'GET /v2/decision-requirements/:decisionRequirementsKey/xml', 'GET /v2/process-definitions/:processDefinitionKey', 'GET /v2/process-definitions/:processDefinitionKey/xml', 'POST /v2/decision-definitions/search', 'POST /v2/decision-requirements/search', 'POST /v2/deployments', 'POST /v2/process-definitions/search']);

  // Sign-ins write audit rows of their own: count the others.
  const auditCount = async () => Number((await two.ctx.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'not like', 'auth.%').executeTakeFirstOrThrow()).n);
  const auditsBefore = await auditCount();

  for (const route of v2Access.filter((r) => CASES[`${r.method} ${r.url}`])) {
    const name = `${route.method} ${route.url}`;
    const c = CASES[name]!;
    const roles = route.access === 'public' || route.access === 'authenticated' ? [] : route.access;
    for (const role of roles) {
      const username = A_USERS[role]!;
      const req = c.request(two, username);
      const res = await two.call(username, req.method, req.url, req.payload);
      if (c.kind === 'key') t.equal(res.statusCode, 404, `${name} as ${role} of commune A → 404 (${res.body.slice(0, 120)})`);
      if (c.kind === 'refused') t.equal(res.statusCode, 403, `${name} as ${role}: a dossier's process is not started here`);
      if (c.kind === 'search') {
        t.equal(res.statusCode, 200, `${name} as ${role}`);
        t.same([res.json().items.length, res.json().page.totalItems], [0, 0], `${name} as ${role} of commune A finds nothing of B`);
      }
      if (c.kind === 'count') {
        t.equal(res.statusCode, 200, `${name} as ${role}`);
        t.same(res.json().items.filter((i: { active: number; incidents: number }) => i.active + i.incidents > 0), [], `${name} as ${role} of commune A counts nothing of B`);
      }
    }
    if (c.read) {
      // The control: B's own user of an allowed role finds it.
      const role = roles.find((r) => r in B_USERS) as keyof typeof B_USERS;
      const username = B_USERS[role].username;
      const req = c.request(two, username);
      const res = await two.call(username, req.method, req.url, req.payload);
      t.equal(res.statusCode, 200, `${name} as ${role} of commune B → 200 (${res.body.slice(0, 120)})`);
      if (c.kind === 'search') t.ok(res.json().page.totalItems > 0, `${name}: B's ${role} finds it`);
      if (c.kind === 'count') t.ok(res.json().items.some((i: { incidents: number }) => i.incidents === 1), `${name}: B's ${role} counts the incident`);
    }
  }

  t.test('unfiltered searches leave out B\'s instances; tenantId is the handling agency and filters', async (t) => {
    for (const [url, [field]] of Object.entries(UNFILTERED)) {
      const mine = (await two.call('admin', 'POST', url, {})).json();
      const foreign = mine.items.filter((i: Record<string, string>) => [two.b.instance, two.bJob.instance].includes(i[field]!));
      t.same(foreign, [], `${url}: nothing of B for A's admin`);
      t.equal(mine.page.totalItems, mine.items.length, `${url}: the count is of what is shown`);
    }
    const own = (await two.call('admin', 'GET', `/v2/process-instances/${two.a.instance}`)).json();
    t.equal(own.tenantId, 'xa-demo-ubnd', 'A\'s dossier instance: the tenant is its handling agency');
    const bView = (await two.call(B_USERS.admin.username, 'GET', `/v2/process-instances/${two.b.instance}`)).json();
    t.equal(bView.tenantId, 'xa-khac-ubnd');
    const byTenant = (await two.call(B_USERS.admin.username, 'POST', '/v2/process-instances/search', { filter: { tenantId: 'xa-khac-ubnd' } })).json();
    t.same(byTenant.items.map((i: { processInstanceKey: string }) => i.processInstanceKey).sort(), [two.b.instance, two.bJob.instance].sort(), 'a tenantId filter');
    const foreignTenant = (await two.call('admin', 'POST', '/v2/process-instances/search', { filter: { tenantId: 'xa-khac-ubnd' } })).json();
    t.equal(foreignTenant.page.totalItems, 0, 'another commune\'s tenant is empty');
    const task = (await two.call(B_USERS.specialist.username, 'GET', `/v2/user-tasks/${two.b.appraisal}`)).json();
    t.equal(task.tenantId, 'xa-khac-ubnd', 'a user task carries its instance\'s tenant');
  });

  t.test('the refused and foreign calls changed nothing and wrote no audit row', async (t) => {
    t.equal(await auditCount(), auditsBefore);
    t.match(await app.engine.getUserTask(two.b.appraisal), { state: 'CREATED', assignee: null, priority: 50 });
    t.match(await app.engine.getProcessInstance(two.b.instance), { state: 'ACTIVE' });
    t.equal((await app.engine.listIncidents({ processInstanceKey: two.bJob.instance })).length, 1, 'the incident is still open');
  });
});
