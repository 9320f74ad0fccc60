import t from 'tap';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../api/db/database.ts';
import { DEMO_USERS } from '../../api/demo/seed.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { V2_ACCESS } from './v2/access-matrix.ts';

/**
 * The access matrix: who may call each route. Every guarded route of the app must appear here,
 * so adding a route forces a decision about its roles.
 */
const EXPECTED: Record<string, 'public' | 'authenticated' | Role[]> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/me': 'authenticated',
  'GET /api/agencies': 'authenticated',
  'POST /api/agencies': ['admin'],
  'PATCH /api/agencies/:id': ['admin'],
  'GET /api/agencies/:id/routing': ['admin'],
  'PUT /api/agencies/:id/routing': ['admin'],
  'GET /api/users': ['admin'],
  'GET /api/users/:id': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'PUT /api/users/:id/roles': ['admin'],
  'POST /api/users/:id/disable': ['admin'],
  'POST /api/users/:id/enable': ['admin'],
  'POST /api/users/:id/reset-password': ['admin'],
  'GET /api/audit': ['admin', 'supervisor'],
  'GET /api/calendar/due': 'authenticated',
  'GET /api/calendar/:year': 'authenticated',
  'PUT /api/calendar/:year': ['admin'],
  'GET /api/fees': 'authenticated',
  'PUT /api/fees': ['admin'],
  'GET /api/agencies/:id/office-hours': 'authenticated',
  'PUT /api/agencies/:id/office-hours': ['admin'],
  'GET /api/procedures': 'authenticated',
  'GET /api/procedures/:id': 'authenticated',
  'GET /api/public/procedures': 'public',
  'GET /api/public/procedures/:id': 'public',
  'GET /api/public/centres': 'public',
  'POST /api/public/identify': 'public',
  'POST /api/public/dossiers': 'public',
  'POST /api/public/dossiers/:code/documents': 'public',
  'GET /api/public/dossiers/:code/rating': 'public',
  'POST /api/public/dossiers/:code/rating': 'public',
  'GET /api/kiosk/dossiers/:code/rating': ['receptionist'],
  'POST /api/kiosk/dossiers/:code/rating': ['receptionist'],
  'POST /api/public/feedback': 'public',
  'GET /api/public/feedback/answers': 'public',
  'POST /api/dossiers': ['receptionist'],
  'GET /api/dossiers/:code': 'authenticated',
  'GET /api/dossiers/:code/history': 'authenticated',
  'GET /api/dossiers/:code/deliveries': 'authenticated',
  'GET /api/dossiers/:code/process': 'authenticated',
  'GET /api/dossiers': 'authenticated',
  'POST /api/dossiers/:code/refuse': ['receptionist'],
  'POST /api/dossiers/:code/accept': ['receptionist'],
  'POST /api/dossiers/:code/request-supplement': ['receptionist', 'specialist'],
  'POST /api/dossiers/:code/receive-supplement': ['receptionist'],
  'POST /api/dossiers/:code/close-unsupplemented': ['receptionist', 'supervisor'],
  'POST /api/dossiers/:code/start-processing': ['receptionist', 'specialist'],
  'POST /api/dossiers/:code/require-fee': ['receptionist', 'specialist'],
  'POST /api/dossiers/:code/payments': ['receptionist'],
  'POST /api/dossiers/:code/extend': ['specialist', 'leader', 'supervisor'],
  'POST /api/dossiers/:code/request-withdrawal': ['receptionist'],
  'POST /api/dossiers/:code/cancel-withdrawal': ['receptionist'],
  'POST /api/dossiers/:code/stop': ['receptionist', 'leader', 'supervisor'],
  'POST /api/dossiers/:code/decide': ['leader'],
  'POST /api/dossiers/:code/return-result': ['receptionist'],
  'POST /api/dossiers/:code/correct-result': ['specialist', 'leader'],
  'POST /api/dossiers/:code/documents': ['receptionist', 'specialist', 'leader'],
  'GET /api/dossiers/:code/documents': 'authenticated',
  'GET /api/dossiers/:code/documents/:id': 'authenticated',
  'GET /api/public/dossiers/:code': 'public',
  'POST /api/public/dossiers/:code/supplement/documents': 'public',
  'POST /api/public/dossiers/:code/supplement': 'public',
  'POST /api/identity/check': ['receptionist'],
  'GET /api/dossiers/:code/forms/:file': 'authenticated',
  'GET /api/registers/:file': ['receptionist', 'leader', 'supervisor'],
  'POST /api/procedures/:id/versions': ['procedure_controller'],
  'GET /api/procedures/:id/versions': 'authenticated',
  'GET /api/procedures/:id/versions/:version/xml': 'authenticated',
  'POST /api/procedures/:id/check': ['procedure_controller', 'admin'],
  'GET /api/procedures/:id/element-templates': ['procedure_controller', 'admin'],
  'GET /api/modeler/supported-elements': ['procedure_controller', 'admin'],
  'GET /api/tasks': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'GET /api/tasks/:key': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'POST /api/tasks/:key/claim': ['receptionist', 'specialist', 'leader'],
  'POST /api/tasks/:key/unclaim': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'POST /api/tasks/:key/complete': ['receptionist', 'specialist', 'leader'],
  'POST /api/tasks/:key/request-supplement': ['receptionist', 'specialist'],
  'POST /api/tasks/:key/refuse': ['receptionist', 'specialist'],
  'POST /api/tasks/:key/handoff': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'GET /api/tasks/:key/candidates': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'GET /api/tasks/stream': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'GET /api/saved-filters': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'POST /api/saved-filters': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'DELETE /api/saved-filters/:id': ['receptionist', 'specialist', 'leader', 'supervisor'],
  'GET /api/alerts': 'authenticated',
  'POST /api/alerts/:id/read': 'authenticated',
  'GET /api/alerts/stream': 'authenticated',
  'POST /api/handoffs/:id/result': 'public',
  'GET /api/handoffs': ['receptionist', 'specialist', 'leader', 'supervisor', 'admin'],
  'GET /api/supervision/summary': ['supervisor', 'leader', 'admin'],
  'GET /api/supervision/overdue': ['supervisor', 'leader', 'admin'],
  'GET /api/supervision/paused': ['supervisor', 'leader', 'admin'],
  'GET /api/supervision/heatmap': ['supervisor', 'leader', 'admin'],
  'GET /api/supervision/heatmap/items': ['supervisor', 'leader', 'admin'],
  'POST /api/supervision/remind/:key': ['supervisor', 'leader'],
  'GET /api/reports/ii06a': ['supervisor', 'leader', 'admin'],
  'GET /api/reports/:file': ['supervisor', 'leader', 'admin'],
  'GET /api/reports/decision-766': ['supervisor', 'leader', 'admin'],
  'GET /api/supervision/trends': ['supervisor', 'leader', 'admin'],
  'GET /api/supervision/staff': ['supervisor', 'leader', 'admin'],
  ...V2_ACCESS,
};

const STREAMS = new Set(['GET /api/alerts/stream', 'GET /api/tasks/stream']);

const usernameOf = (role: Role) => DEMO_USERS.find((u) => u.roles.includes(role))!.username;

const [target] = databaseTargets();
t.test(`RBAC matrix: every route × every role (${target!.name})`, async (t) => {
  const ctx = await buildTestApp(target!, {}, { formSchemaDir: new URL('../fixtures/schemas', import.meta.url).pathname });
  t.teardown(() => ctx.close());
  const declared = Object.fromEntries(ctx.app.routeAccess.map((r) => [`${r.method} ${r.url}`, r.access]));
  t.same(Object.keys(declared).sort(), Object.keys(EXPECTED).sort(), 'every guarded route is in the matrix, and only those');
  t.same(declared, EXPECTED, 'each route declares the expected access');

  const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await ctx.token(usernameOf(role))] as const)));
  for (const route of ctx.app.routeAccess) {
    if (route.access === 'public') continue;
    const url = route.url.replace(/:id/g, randomUUID()).replace(':year', '2031').replace(':code', 'XADEMO-260101-0001').replace(':file', route.url.startsWith('/api/reports') ? 'ii06a.pdf' : 'form-07.pdf').replace(':version', '1').replace(':key', '999999');
    const anonymous = await ctx.app.inject({ method: route.method as 'GET', url });
    t.equal(anonymous.statusCode, 401, `${route.method} ${route.url} anonymous → 401`);
    // A live stream never ends: its access is checked above (declared) and for anonymous callers only.
    if (STREAMS.has(`${route.method} ${route.url}`)) continue;
    for (const role of ROLES) {
      const res = await ctx.app.inject({ method: route.method as 'GET', url, headers: bearer(tokens[role]!) });
      // 'authenticated' is every person's role; the machine account reaches only routes naming it.
      const allowed = route.access === 'authenticated' ? role !== 'integration' : route.access.includes(role);
      if (allowed) t.notOk([401, 403].includes(res.statusCode), `${route.method} ${route.url} as ${role} is allowed (${res.statusCode})`);
      else t.equal(res.statusCode, 403, `${route.method} ${route.url} as ${role} → 403`);
    }
  }
});
