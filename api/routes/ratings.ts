/**
 * Satisfaction rating of a dossier whose result was returned (Decree 118 Art. 31–33), one per dossier:
 * - online, from the lookup page: `GET/POST /api/public/dossiers/:code/rating`, the code and its lookup PIN
 *   (form 01) standing for the applicant; no login, rate limited per address;
 * - at the counter's kiosk (`/danh-gia` opened by a receptionist): `GET/POST /api/kiosk/dossiers/:code/rating`,
 *   only for dossiers received by the officer's own agency (another agency's: 404); `channel: "paper"`
 *   records a paper form typed in at the counter.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError, type FieldError } from '../errors.ts';
import type { AuthUser } from '../plugins/auth.ts';
import { checkRating } from '../domain/rating/index.ts';
import { verifyLookupPin } from '../services/lookup-pin.ts';
import { pinLockedUntil, pinThrottleKeys, recordPinFailure } from '../services/lookup-throttle.ts';
import { writeAudit } from '../services/audit.ts';
import { rateLimitKey } from '../plugins/security.ts';
import { dossierForRating, ratingState, recordRating } from '../services/ratings.ts';

const codeParams = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 3, maxLength: 80 } } } as const;
const ratingBody = {
  scores: { type: 'object', description: 'criterion key → very_satisfied | satisfied | not_satisfied (every criterion)' },
  comment: { type: 'string', maxLength: 2000 },
} as const;

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const rateLimit = { max: config.rateLimitPublicPerMinute, timeWindow: 60_000 };
  const find = async (code: string) => {
    const d = await dossierForRating(app, code);
    if (!d) throw new AppError('NOT_FOUND');
    return d;
  };
  const applicantContext = (request: FastifyRequest) => ({ actorId: null, actorUsername: 'applicant:lookup-pin', actorRoles: ['applicant'], agencyId: null, requestId: request.id, ip: request.ip });

  app.get('/api/public/dossiers/:code/rating', {
    config: { access: 'public', rateLimit },
    schema: { tags: ['public'], summary: 'Đánh giá hồ sơ: tiêu chí và trạng thái / rating: criteria and whether the dossier can be rated', security: [], params: codeParams },
  }, async (request) => ratingState(await find((request.params as { code: string }).code)));

  app.post('/api/public/dossiers/:code/rating', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Người nộp đánh giá mức độ hài lòng / the applicant rates the service', security: [], params: codeParams,
      description: 'The dossier code and its lookup PIN (form 01) stand for the applicant. Only once the result was returned (409 RATING_NOT_YET), once per dossier (409 ALREADY_RATED).',
      body: { type: 'object', additionalProperties: false, properties: { pin: { type: 'string', maxLength: 20 }, ...ratingBody } },
    },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as { pin?: string; scores?: unknown; comment?: unknown };
    const dossier = await find((request.params as { code: string }).code);
    const vi = request.lang === 'vi';
    const errors: FieldError[] = [];
    const pin = (body.pin ?? '').replace(/\s+/g, '');
    if (!pin) errors.push({ field: 'pin', message: vi ? 'là trường bắt buộc' : 'is required' });
    else if (!/^[0-9]{6}$/.test(pin)) errors.push({ field: 'pin', message: vi ? 'gồm 6 chữ số' : 'must be 6 digits' });
    const checked = checkRating(body);
    if (!checked.ok) errors.push(...checked.problems.map((p) => ({ field: p.field, message: p[request.lang] })));
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
    // PIN guesses count with the lookup's (per code and per address; locked for an hour at the limit).
    const now = app.clock.now();
    const keys = pinThrottleKeys(dossier.code, rateLimitKey(request));
    const lockEnd = await pinLockedUntil(app.db, keys, now);
    if (lockEnd) {
      reply.header('retry-after', String(Math.max(1, Math.ceil((lockEnd.getTime() - now.getTime()) / 1000))));
      throw new AppError('LOOKUP_PIN_LOCKED');
    }
    if (!verifyLookupPin(config.jwtSecret, dossier.code, pin)) {
      await app.db.transaction().execute(async (tx) => {
        await recordPinFailure(tx, keys, now);
        await writeAudit(tx, applicantContext(request), { action: 'lookup.pin_failed', targetType: 'dossier', targetId: dossier.code });
      });
      throw new AppError('WRONG_LOOKUP_PIN', [{ field: 'pin', message: vi ? 'không đúng mã tra cứu in trên phiếu tiếp nhận' : 'is not the lookup PIN printed on the receipt' }]);
    }
    return reply.status(201).send(await recordRating(app, { dossier, channel: 'lookup', input: body, audit: applicantContext(request), lang: request.lang }));
  });

  const ownDossier = async (request: FastifyRequest) => {
    const d = await find((request.params as { code: string }).code);
    // The kiosk stands at the receiving counter: another agency's dossier is indistinguishable from none.
    if (d.receiving_agency_id !== (request.user as AuthUser).agencyId) throw new AppError('NOT_FOUND');
    return d;
  };

  app.get('/api/kiosk/dossiers/:code/rating', {
    config: { access: ['receptionist'] },
    schema: { tags: ['dossiers'], summary: 'Màn hình đánh giá tại quầy: trạng thái / counter kiosk: whether the dossier can be rated', params: codeParams },
  }, async (request) => ratingState(await ownDossier(request)));

  app.post('/api/kiosk/dossiers/:code/rating', {
    config: { access: ['receptionist'] },
    schema: {
      tags: ['dossiers'], summary: 'Đánh giá tại quầy (màn hình hoặc phiếu giấy) / rating at the counter (kiosk or paper form)', params: codeParams,
      description: 'The citizen grades on the kiosk screen a receptionist opened (`channel` kiosk), or the receptionist types in a paper form (`channel` paper). Only dossiers received by the officer\'s agency.',
      body: { type: 'object', additionalProperties: false, properties: { channel: { type: 'string', enum: ['kiosk', 'paper'] }, ...ratingBody } },
    },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as { channel?: 'kiosk' | 'paper'; scores?: unknown; comment?: unknown };
    const dossier = await ownDossier(request);
    return reply.status(201).send(await recordRating(app, { dossier, channel: body.channel ?? 'kiosk', input: body, audit: request.auditContext(), lang: request.lang }));
  });
};

export default routes;
