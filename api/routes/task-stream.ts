/**
 * The live task list: `GET /api/tasks/stream`, server-sent events. One `task` event per change of
 * a task the user may see — `{ key, change, state, assigneeId, step, dossierCode, agencyId }`,
 * `id` = the change's sequence number — whichever process wrote it, within about half a second
 * (`TaskFeed`). Nothing is replayed on reconnection: a client reloads its list when it (re)connects.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AuthUser } from '../plugins/auth.ts';
import { agencySubtree } from '../services/agencies.ts';
import type { TaskChangeEvent } from '../services/task-feed.ts';
import { WATCHERS } from '../services/tasks.ts';
import { openEventStream, tokenFromQuery } from './sse.ts';

const OFFICERS = ['receptionist', 'specialist', 'leader', 'supervisor'] as const;

/**
 * Whether a user is told of a change: a task of their agencies that is theirs or their groups'
 * (whoever holds it now, so that a colleague's claim removes it from their group list), or any
 * task of their agencies for supervisors and leaders.
 */
function concerns(user: AuthUser, scope: ReadonlySet<string>, e: TaskChangeEvent): boolean {
  if (!e.agencyId || !scope.has(e.agencyId)) return false;
  if (user.roles.some((r) => WATCHERS.includes(r))) return true;
  return e.assigneeId === user.id || e.candidateGroups.some((g) => (user.roles as string[]).includes(g));
}

const routes: FastifyPluginAsync = async (app) => {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });

  app.get('/api/tasks/stream', {
    config: { access: [...OFFICERS] },
    logLevel: 'warn',
    onRequest: tokenFromQuery,
    schema: {
      tags: ['tasks'], summary: 'Thay đổi công việc trực tiếp (SSE) / live task changes (server-sent events)',
      querystring: { type: 'object', properties: { access_token: { type: 'string' } } },
    },
  }, async (request, reply) => {
    const user = request.user;
    const scope = new Set(await agencySubtree(app.db, user.agencyId));
    const stream = openEventStream(request, reply, open);
    const unsubscribe = app.taskFeed.subscribe((e) => {
      if ('resync' in e) return e.agencies.some((a) => scope.has(a)) ? stream.send('resync', {}, e.seq) : undefined;
      if (!concerns(user, scope, e)) return;
      const { key, change, state, assigneeId, step, dossierCode, agencyId } = e;
      stream.send('task', { key, change, state, assigneeId, step, dossierCode, agencyId }, e.seq);
    });
    stream.onClose(unsubscribe);
  });
};

export default routes;
