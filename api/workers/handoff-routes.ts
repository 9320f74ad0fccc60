/**
 * Handoff routes: the other agency's answer (`POST /api/handoffs/:id/result`) and the handoffs
 * of a dossier (`GET /api/handoffs?dossierCode=`).
 *
 * The answer is `public` at the router and authenticated here, before validation: an external
 * agency signs the raw body (`X-Motcua-Signature: sha256=<hex HMAC>`) or sends its API key
 * (`X-Api-Key`); an internal agency's officer (specialist or leader of the target agency) sends a
 * bearer token. A replay (same `resultId`, or same body) answers `{ duplicate: true }` and
 * changes nothing; another answer to a finished handoff is a 409.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { authenticate } from '../plugins/auth.ts';
import type { Handoff } from '../db/database.ts';
import type { AuditContext } from '../services/audit.ts';
import { agencySubtree } from '../services/agencies.ts';
import { loadDossier } from '../services/dossiers.ts';
import { sha256Hex, verifyApiKey, verifySignature } from '../services/handoff-signature.ts';
import { answerHandoff, getHandoff, handoffView, listHandoffs, webhookDb, type HandoffAnswer } from '../services/handoffs.ts';

const rawBodies = new WeakMap<object, string>();
const answers = new WeakMap<object, { handoff: Handoff; audit: AuditContext }>();

const answerSchema = {
  type: 'object', additionalProperties: false, required: ['outcome'],
  properties: {
    outcome: { type: 'string', enum: ['done', 'rejected'] },
    note: { type: 'string', maxLength: 2000 },
    documents: { type: 'array', maxItems: 50, items: { type: 'object' } },
    resultId: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

const badCredentials = () => Object.assign(new AppError('UNAUTHENTICATED', undefined, { vi: 'Chữ ký hoặc khóa API không hợp lệ', en: 'Invalid signature or API key' }), { code: 'INVALID_SIGNATURE' });

/** An external agency's signature or API key. */
async function externalCaller(app: FastifyInstance, request: FastifyRequest, h: Handoff): Promise<AuditContext> {
  const agency = await webhookDb(app.db).selectFrom('agencies').select(['webhook_secret', 'api_key_hash']).where('id', '=', h.target_agency_id).executeTakeFirstOrThrow();
  const header = (name: string) => [request.headers[name]].flat()[0];
  const ok = header('x-motcua-signature') !== undefined
    ? verifySignature(agency.webhook_secret, rawBodies.get(request.raw) ?? '', header('x-motcua-signature'))
    : verifyApiKey(agency.api_key_hash, header('x-api-key'));
  if (!ok) throw badCredentials();
  return { actorId: null, actorUsername: `agency:${h.target_agency_id}`, actorRoles: [], agencyId: h.target_agency_id, requestId: request.id, ip: request.ip };
}

/** An officer (specialist or leader) of the internal target agency. */
async function officerCaller(request: FastifyRequest, h: Handoff): Promise<AuditContext> {
  const user = await authenticate(request);
  if (user.agencyId !== h.target_agency_id || !user.roles.some((r) => r === 'specialist' || r === 'leader')) throw new AppError('FORBIDDEN');
  return { actorId: user.id, actorUsername: user.username, actorRoles: user.roles, agencyId: user.agencyId, requestId: request.id, ip: request.ip };
}

/** A fingerprint of an answer for replay detection: its `resultId`, else a hash of the body. */
function fingerprint(body: HandoffAnswer, raw: string): string {
  return body.resultId ? `id:${body.resultId}` : `sha256:${sha256Hex(raw)}`;
}

const routes: FastifyPluginAsync = async (app) => {
  // The signature covers the raw body: keep it (this plugin's routes only).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request.raw, body as string);
    try {
      done(null, (body as string).length ? JSON.parse(body as string) : undefined);
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400 }), undefined);
    }
  });

  app.post('/api/handoffs/:id/result', {
    config: { access: 'public', rateLimit: { max: app.config.rateLimitPublicPerMinute, timeWindow: 60_000 } },
    schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } }, body: answerSchema },
    preValidation: async (request) => {
      const handoff = await getHandoff(app.db, (request.params as { id: string }).id);
      if (!handoff) throw new AppError('NOT_FOUND');
      const audit = handoff.mode === 'external' ? await externalCaller(app, request, handoff) : await officerCaller(request, handoff);
      answers.set(request.raw, { handoff, audit });
    },
  }, async (request) => {
    const { handoff, audit } = answers.get(request.raw)!;
    const body = request.body as HandoffAnswer;
    const outcome = await answerHandoff(app.db, handoff.id, body, fingerprint(body, rawBodies.get(request.raw) ?? JSON.stringify(body)), audit, app.clock.now());
    if (outcome.kind === 'conflict') throw new AppError('CONFLICT', undefined, { vi: 'Yêu cầu liên thông đã có kết quả khác', en: 'The handoff already has a different answer' });
    if (outcome.kind === 'duplicate') {
      request.log.info({ handoffId: handoff.id }, 'duplicate handoff answer ignored');
      return { duplicate: true, handoff: handoffView(outcome.handoff) };
    }
    return { duplicate: false, handoff: handoffView(outcome.handoff) };
  });

  app.get('/api/handoffs', {
    config: { access: ['receptionist', 'specialist', 'leader', 'supervisor', 'admin'] },
    schema: { querystring: { type: 'object', required: ['dossierCode'], additionalProperties: false, properties: { dossierCode: { type: 'string', minLength: 1, maxLength: 64 } } } },
  }, async (request) => {
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const dossier = await loadDossier(app.db, (request.query as { dossierCode: string }).dossierCode, scope);
    return { items: (await listHandoffs(app.db, dossier.id)).map(handoffView) };
  });
};

export default routes;
