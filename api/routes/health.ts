/** Liveness and readiness. */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { pendingAll } from '../db/migrate-all.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Extra readiness checks (engine, workers): each returns null when ready, else why not. */
    readinessChecks: Array<() => Promise<string | null>>;
  }
}

const routes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const problems: string[] = [];
    try {
      await sql`select 1`.execute(app.db);
      const pending = await pendingAll(app.db);
      if (pending.length) problems.push(`pending migrations: ${pending.join(', ')}`);
    } catch {
      problems.push('database unreachable');
    }
    for (const check of app.readinessChecks) {
      const problem = await check().catch(() => 'check failed');
      if (problem) problems.push(problem);
    }
    if (problems.length) return reply.status(503).send({ status: 'not ready', problems });
    return { status: 'ready', database: app.dbKind };
  });
};

export default routes;
