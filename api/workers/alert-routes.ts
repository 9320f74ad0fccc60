/**
 * Alert routes: the logged-in user's notifications (`GET /api/alerts`, unread first, paged),
 * marking one read, and the live stream (`GET /api/alerts/stream`, server-sent events: one
 * `notification` event per new delivered notification, `id` = its id, `Last-Event-ID` resumes).
 *
 * Browsers' EventSource cannot set headers, so the stream (only) also accepts the access token
 * as `?access_token=`; the route logs at `warn` so the URL (with the token) is never logged.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Notification } from '../db/database.ts';
import { listNotifications, markRead, notificationView, notificationsAfter } from '../services/notifications.ts';
import { offsetOf, pageSchema, pagingQuery, type Paging } from '../routes/paging.ts';
import { openEventStream, tokenFromQuery } from '../routes/sse.ts';


const alertItem = {
  type: 'object',
  properties: {
    id: { type: 'string' }, kind: { type: 'string' }, dossierCode: { type: ['string', 'null'] }, taskKey: { type: ['string', 'null'] },
    title: { type: 'string' }, body: { type: 'string' }, titleVi: { type: 'string' }, titleEn: { type: 'string' }, createdAt: { type: 'string' }, read: { type: 'boolean' },
  },
} as const;

/** The id of the user's newest delivered notification ('0' when none). */
async function newestId(request: FastifyRequest): Promise<string> {
  const row = await request.server.db.selectFrom('notifications').select((eb) => eb.fn.max('id').as('max'))
    .where('user_id', '=', request.user.id).where('delivered_at', 'is not', null).executeTakeFirst();
  return row?.max ? String(row.max) : '0';
}

async function stream(request: FastifyRequest, reply: FastifyReply, open: Set<() => void>): Promise<void> {
  const app = request.server;
  const userId = request.user.id;
  const resume = [request.headers['last-event-id']].flat()[0];
  let lastId = resume && /^\d+$/.test(resume) ? resume : await newestId(request);
  const events = openEventStream(request, reply, open);
  const send = (row: Notification) => {
    if (BigInt(row.id) <= BigInt(lastId)) return;
    lastId = String(row.id);
    events.send('notification', notificationView(row, request.lang), row.id);
  };
  // Catch-up: notifications delivered by another process (npm run workers) or missed while reconnecting.
  const poll = async () => {
    for (const row of await notificationsAfter(app.db, userId, lastId).catch(() => [])) send(row);
  };
  await poll();
  const unsubscribe = app.workers.bus.subscribe(userId, send);
  const polling = setInterval(() => void poll(), app.workers.config.alertsPollMs);
  events.onClose(() => {
    unsubscribe();
    clearInterval(polling);
  });
}

/** Alert routes (need the workers plugin for the notification bus). */
const routes: FastifyPluginAsync = async (app) => {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });
  app.get('/api/alerts', {
    config: { access: 'authenticated' },
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { ...pagingQuery } }, response: { 200: { ...pageSchema(alertItem), properties: { ...pageSchema(alertItem).properties, unread: { type: 'integer' } } } } },
  }, async (request) => {
    const paging = request.query as Paging;
    const page = await listNotifications(app.db, request.user.id, { offset: offsetOf(paging), limit: paging.pageSize });
    return { items: page.items.map((n) => notificationView(n, request.lang)), total: page.total, unread: page.unread, page: paging.page, pageSize: paging.pageSize };
  });

  app.post('/api/alerts/:id/read', {
    config: { access: 'authenticated' },
    schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,18}$' } } } },
  }, async (request) => {
    const row = await markRead(app.db, request.user.id, (request.params as { id: string }).id, app.clock.now());
    if (!row) throw new AppError('NOT_FOUND');
    return notificationView(row, request.lang);
  });

  app.get('/api/alerts/stream', {
    config: { access: 'authenticated' },
    logLevel: 'warn',
    onRequest: tokenFromQuery,
    schema: { querystring: { type: 'object', properties: { access_token: { type: 'string' } } } },
  }, (request, reply) => stream(request, reply, open));
};

export default routes;
