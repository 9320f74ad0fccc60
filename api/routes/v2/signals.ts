/**
 * Signals: `POST /v2/signals/broadcast` (`broadcastSignal`). A broadcast reaches every process instance
 * waiting for that signal and starts every process with a signal start event of that name, in every
 * tenant (agency): it is the engine's machinery, like publishing a message, so machine accounts
 * (`integration`) and engine operators (`admin`) may broadcast; nobody else. A signal nobody waits for
 * is accepted and does nothing (200, as Camunda). Each broadcast is audited (`engine.signal.broadcast`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { WORKERS } from './access.ts';
import { auditEngineOperation } from './operations.ts';
import { INDEXED_TEXT, TENANT_ID, VARIABLES } from './schemas.ts';

const BROADCAST_BODY = {
  type: 'object', additionalProperties: false, required: ['signalName'],
  properties: { signalName: { ...INDEXED_TEXT, minLength: 1 }, variables: VARIABLES, tenantId: TENANT_ID },
} as const;

const routes: FastifyPluginAsync = async (app) => {
  app.post('/v2/signals/broadcast', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Phát tín hiệu / broadcast a signal', body: BROADCAST_BODY },
  }, async (request) => {
    const b = request.body as { signalName: string; variables?: Record<string, unknown>; tenantId?: string };
    const res = await app.engine.broadcastSignal(b.signalName, b.variables, b.tenantId);
    // It may have moved instances of every agency: recorded like the other engine operations.
    await auditEngineOperation(app, request, { action: 'engine.signal.broadcast', targetType: 'signal', targetId: res.signalKey, after: { signalName: b.signalName } });
    return { signalKey: res.signalKey, tenantId: res.tenantId };
  });
};

export default routes;
