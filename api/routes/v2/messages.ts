/**
 * Messages: publication (`publishMessage`: correlated now or buffered for its time to live) and
 * correlation (`correlateMessage`: correlated now to an open subscription, or 404).
 */
import type { FastifyPluginAsync } from 'fastify';
import { WORKERS } from './access.ts';
import { Problem } from './problem.ts';
import { DEFAULT_TENANT, DURATION_MS, INDEXED_TEXT, int64, TENANT_ID, VARIABLES } from './schemas.ts';

const PUBLISH_BODY = {
  type: 'object', additionalProperties: false, required: ['name'],
  properties: {
    name: { ...INDEXED_TEXT, minLength: 1 }, correlationKey: INDEXED_TEXT, timeToLive: DURATION_MS,
    messageId: INDEXED_TEXT, variables: VARIABLES, tenantId: TENANT_ID,
  },
} as const;

const CORRELATE_BODY = {
  type: 'object', additionalProperties: false, required: ['name'],
  properties: { name: { ...INDEXED_TEXT, minLength: 1 }, correlationKey: INDEXED_TEXT, variables: VARIABLES, tenantId: TENANT_ID },
} as const;

interface MessageBody { name: string; correlationKey?: string; timeToLive?: number | string; messageId?: string; variables?: Record<string, unknown> }

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  app.post('/v2/messages/publication', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Phát thông điệp / publish a message', body: PUBLISH_BODY },
  }, async (request) => {
    const b = request.body as MessageBody;
    const res = await engine.publishMessage({ name: b.name, correlationKey: b.correlationKey ?? '', variables: b.variables, timeToLive: int64(b.timeToLive), messageId: b.messageId });
    if (res.duplicate) {
      throw new Problem(409, `A message with id '${b.messageId}' was already published and is still alive`, `Thông điệp có mã '${b.messageId}' đã được phát và vẫn còn hiệu lực`, { messageKey: res.messageKey }, 'ALREADY_EXISTS');
    }
    return { messageKey: res.messageKey, tenantId: DEFAULT_TENANT };
  });

  app.post('/v2/messages/correlation', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Tương quan thông điệp ngay / correlate a message now', body: CORRELATE_BODY },
  }, async (request) => {
    const b = request.body as MessageBody;
    const res = await engine.correlateMessage({ name: b.name, correlationKey: b.correlationKey ?? '', variables: b.variables });
    return { messageKey: res.messageKey, tenantId: DEFAULT_TENANT, processInstanceKey: res.processInstanceKey };
  });
};

export default routes;
