/**
 * Abuse limits: every public route (no login) carries a per-address rate limit. The test walks every
 * route the auth plugin recorded as public and spends its budget from one address: the request after
 * the budget is 429 RATE_LIMITED, while another address still gets through.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { buildTestApp } from '../helpers/app.ts';

const BUDGET = 2;

for (const target of databaseTargets().slice(0, 1)) {
  t.test(`every public route is rate limited per address (${target.name})`, async (t) => {
    const ctx = await buildTestApp(target, { RATE_LIMIT_PUBLIC_PER_MINUTE: String(BUDGET) }, { autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const publicRoutes = app.routeAccess.filter((r) => r.access === 'public');
    t.ok(publicRoutes.length >= 10, `${publicRoutes.length} public routes`);
    for (const name of ['/api/public/dossiers/:code/rating', '/api/public/feedback', '/api/public/feedback/answers', '/api/auth/login']) {
      t.ok(publicRoutes.some((r) => r.url === name), `${name} is public`);
    }
    let n = 0;
    for (const route of publicRoutes) {
      n++;
      const url = route.url.replace(/:[A-Za-z]+/g, 'XADEMO-260302-0001').replace(/\*$/, 'x');
      const remoteAddress = `10.9.${Math.floor(n / 200)}.${n % 200 + 1}`;
      const send = (from: string) => app.inject({ method: route.method as 'GET', url, remoteAddress: from, ...(route.method === 'GET' ? {} : { payload: {} }) });
      const codes: number[] = [];
      for (let i = 0; i < BUDGET; i++) codes.push((await send(remoteAddress)).statusCode);
      const over = await send(remoteAddress);
      t.equal(over.statusCode, 429, `${route.method} ${route.url}: over the budget (before: ${codes.join(', ')})`);
      if (over.statusCode === 429) t.match(over.body, route.url.startsWith('/v2') ? /429/ : /RATE_LIMITED/, over.body);
      t.not((await send('10.8.0.1')).statusCode, 429, `${route.method} ${route.url}: another address is not limited`);
    }
  });
}
