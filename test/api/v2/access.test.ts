/** The `/v2` access matrix: every route declares the expected roles; anonymous → 401; others → 403. */
import t from 'tap';
import { ROLES, type Role } from '../../../api/db/database.ts';
import { DEMO_USERS } from '../../../api/demo/seed.ts';
import { databaseTargets } from '../../helpers/databases.ts';
import { V2_ACCESS } from './access-matrix.ts';
import { openV2App } from './helpers.ts';

const usernameOf = (role: Role) => DEMO_USERS.find((u) => u.roles.includes(role))!.username;
const [target] = databaseTargets();

t.test('/v2 access matrix: every route × every role', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const v2 = ctx.app.routeAccess.filter((r) => r.url.startsWith('/v2'));
  t.same(Object.fromEntries(v2.map((r) => [`${r.method} ${r.url}`, r.access])), V2_ACCESS, 'each /v2 route declares the expected access, and only those exist');

  const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await ctx.token(usernameOf(role))] as const)));
  for (const route of v2) {
    if (route.access === 'public') continue;
    const url = route.url.replace(/:\w+/g, '1');
    t.equal((await ctx.app.inject({ method: route.method as 'GET', url })).statusCode, 401, `${route.method} ${route.url} anonymous → 401`);
    for (const role of ROLES) {
      const res = await ctx.app.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${tokens[role]!}` } });
      const allowed = route.access === 'authenticated' || route.access.includes(role);
      if (allowed) t.notOk([401, 403].includes(res.statusCode), `${route.method} ${route.url} as ${role} is allowed (${res.statusCode})`);
      else t.equal(res.statusCode, 403, `${route.method} ${route.url} as ${role} → 403`);
    }
  }
});
