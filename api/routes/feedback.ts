/**
 * Feedback and petitions online (no officer login; rate limited per address):
 * `POST /api/public/feedback` sends one (the petitioner identified through VNeID like an online
 * submission: an applicant token, the form's personal ID their own) into a centre's review queue;
 * `GET /api/public/feedback/answers` lists the published answers (see `services/feedback.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { applicantAudit, applicantOf, isApplicant } from '../services/applicant-token.ts';
import { publishedAnswers, submitFeedback } from '../services/feedback.ts';
import { stateFromJson } from '../services/dossier-codec.ts';
import type { ReceiveBody } from '../services/reception.ts';
import { formDataSchema } from './dossiers.ts';
import { reviewState } from './dossier-view.ts';

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const rateLimit = { max: config.rateLimitPublicPerMinute, timeWindow: 60_000 };

  app.post('/api/public/feedback', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Gửi phản ánh, kiến nghị / send feedback or a petition', security: [],
      description: 'Authorization: Bearer <applicant token from POST /api/public/identify>. formData is the form of the procedure feedback-petition (GET /api/public/procedures/feedback-petition); publishConsent: the answer may be published. Registered at centreId (default: the first centre) for review, handled in 15 working days.',
      body: {
        type: 'object', additionalProperties: false, required: ['formData'],
        properties: { centreId: { type: 'string', maxLength: 100 }, formData: formDataSchema },
      },
    },
  }, async (request, reply) => {
    const a = applicantOf(config.jwtSecret, request.headers.authorization, app.clock.now());
    const raw = request.body as { centreId?: string; formData: ReceiveBody['formData'] };
    const vi = request.lang === 'vi';
    const centres = await app.db.selectFrom('agencies').select(['id', 'name']).where('type', '=', 'commune_centre').where('disabled', '=', false).orderBy('id').execute();
    const centre = raw.centreId ? centres.find((c) => c.id === raw.centreId) : centres[0];
    if (!centre) throw new AppError('VALIDATION_FAILED', [{ field: 'centreId', message: vi ? 'không có nơi tiếp nhận này' : 'no such centre' }]);
    const dossier = await submitFeedback(app, {
      formData: raw.formData, agencyId: centre.id, audit: applicantAudit(a, request), lang: request.lang,
      isOwnId: (id) => isApplicant(config.jwtSecret, a, id),
    });
    const review = reviewState(await app.calendars.forAgency(centre.id), stateFromJson(dossier.state), app.clock.now(), app.slaPolicy);
    return reply.status(201).send({
      code: dossier.code, status: dossier.status, centre: centre.name, submittedAt: dossier.submitted_at?.toISOString() ?? null,
      reviewDueAt: review.reviewDueAt, lookup: `/tra-cuu?ma=${encodeURIComponent(dossier.code)}`,
    });
  });

  app.get('/api/public/feedback/answers', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['public'], summary: 'Trả lời phản ánh, kiến nghị được công khai / published answers', security: [],
      querystring: { type: 'object', additionalProperties: false, properties: { page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 }, pageSize: { type: 'integer', minimum: 1, maximum: 50, default: 20 } } },
    },
  }, async (request) => {
    const q = request.query as { page: number; pageSize: number };
    return { page: q.page, pageSize: q.pageSize, ...(await publishedAnswers(app, q.page, q.pageSize)) };
  });
};

export default routes;
