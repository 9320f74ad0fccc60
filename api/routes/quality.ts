/**
 * Service quality for supervisors, leaders and admins of an agency subtree: the Decision 766 index
 * (`GET /api/reports/decision-766`), trends (`GET /api/supervision/trends`) and the staff view
 * (`GET /api/supervision/staff`). Periods are local days (at most five years; `from` after `to` → 400);
 * an agency outside the caller's subtree → 404.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { decision766Report } from '../services/decision766.ts';
import { periodOf } from '../services/report-ii06a.ts';
import { staffStats } from '../services/staff-stats.ts';
import { scopeOf } from '../services/supervision.ts';
import { trends, type Granularity } from '../services/trends.ts';

const ACCESS = ['supervisor', 'leader', 'admin'] as const;
const period = {
  from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' },
  agency: { type: 'string', minLength: 1, maxLength: 100 },
} as const;

const routes: FastifyPluginAsync = async (app) => {
  const scoped = async (request: FastifyRequest) => {
    const q = request.query as { from: string; to: string; agency?: string };
    const { start, end } = periodOf(q.from, q.to, request.lang);
    const { agencyId, scope } = await scopeOf(app.db, request.user, q.agency);
    return { q, start, end, agencyId, scope };
  };

  app.get('/api/reports/decision-766', {
    config: { access: [...ACCESS] },
    schema: {
      tags: ['reports'], summary: 'Bộ chỉ số QĐ 766 / the Decision 766 service-quality index',
      description: 'Every group and criterion with its points, inputs and rule (a criterion motcua does not capture: measured false, points null), and the change against the previous period (the previous calendar month for a whole month, else the same length before).',
      querystring: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: period },
    },
  }, async (request) => {
    const { q, agencyId, scope } = await scoped(request);
    const agency = await app.db.selectFrom('agencies').select(['id', 'name']).where('id', '=', agencyId).executeTakeFirstOrThrow();
    return decision766Report({ db: app.db, calendars: app.calendars, now: app.clock.now() }, { agency, scope, from: q.from, to: q.to, lang: request.lang });
  });

  app.get('/api/supervision/trends', {
    config: { access: [...ACCESS] },
    schema: {
      tags: ['supervision'], summary: 'Xu hướng: tiếp nhận, giải quyết sớm, đúng, trễ hạn theo tuần / tháng / trends per week or month',
      querystring: {
        type: 'object', additionalProperties: false, required: ['from', 'to'],
        properties: { ...period, procedure: { type: 'string', minLength: 1, maxLength: 100 }, granularity: { type: 'string', enum: ['week', 'month'], default: 'month' } },
      },
    },
  }, async (request) => {
    const { q, start, end, agencyId, scope } = await scoped(request);
    const { procedure, granularity } = request.query as { procedure?: string; granularity: Granularity };
    if (procedure && !(await app.db.selectFrom('procedures').select('id').where('id', '=', procedure).executeTakeFirst())) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'procedure', message: request.lang === 'vi' ? 'không có thủ tục này' : 'no such procedure' }]);
    }
    return trends(app.db, { agencyId, scope, procedureId: procedure, granularity, from: q.from, to: q.to, start, end, now: app.clock.now() });
  });

  app.get('/api/supervision/staff', {
    config: { access: [...ACCESS] },
    schema: {
      tags: ['supervision'], summary: 'Cán bộ: số bước hoàn thành, tỷ lệ đúng hạn, thời gian trung bình mỗi bước / per officer: steps completed, on-time share, average time per step',
      querystring: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: period },
    },
  }, async (request) => {
    const { q, scope } = await scoped(request);
    return staffStats(app.db, { scope, from: q.from, to: q.to, now: app.clock.now() });
  });
};

export default routes;
