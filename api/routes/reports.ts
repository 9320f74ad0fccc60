/**
 * Report II.06a for a period and an agency subtree: `GET /api/reports/ii06a` (JSON),
 * `/api/reports/ii06a.xlsx` and `/api/reports/ii06a.pdf` (Vietnamese, landscape, the legal header).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { renderIi06aPdf, renderIi06aXlsx } from '../reports/ii06a-render.ts';
import { agencyHeader } from '../services/form-inputs.ts';
import { periodOf, reportIi06a } from '../services/report-ii06a.ts';
import { scopeOf } from '../services/supervision.ts';

const ACCESS = ['supervisor', 'leader', 'admin'] as const;
const querystring = {
  type: 'object', additionalProperties: false, required: ['from', 'to'],
  properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, agency: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
const TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

const routes: FastifyPluginAsync = async (app) => {
  const build = async (request: FastifyRequest) => {
    const q = request.query as { from: string; to: string; agency?: string };
    const { start, end } = periodOf(q.from, q.to, request.lang);
    const { agencyId } = await scopeOf(app.db, request.user, q.agency);
    const agency = await app.db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
    const report = await reportIi06a(app.db, app.calendars, { agency: { id: agency.id, name: agency.name }, from: q.from, to: q.to, start, end, now: app.clock.now() });
    return { report, agency };
  };

  app.get('/api/reports/ii06a', {
    config: { access: [...ACCESS] },
    schema: {
      tags: ['reports'], summary: 'Biểu II.06a/VPCP/KSTT: tình hình, kết quả giải quyết TTHC theo lĩnh vực / report II.06a by field',
      description: 'from, to: local days (UTC+7), at most five years; agency: a subtree root inside the caller\'s (else 404).',
      querystring,
    },
  }, async (request) => (await build(request)).report);

  app.get('/api/reports/:file', {
    config: { access: [...ACCESS] },
    schema: {
      tags: ['reports'], summary: 'Tải biểu II.06a (xlsx, pdf) / download report II.06a',
      params: { type: 'object', required: ['file'], properties: { file: { type: 'string', enum: ['ii06a.xlsx', 'ii06a.pdf'] } } },
      querystring,
    },
  }, async (request, reply) => {
    const format = (request.params as { file: string }).file.split('.')[1] as keyof typeof TYPES;
    const { report, agency } = await build(request);
    const head = await agencyHeader(app.db, agency);
    const body = format === 'xlsx' ? await renderIi06aXlsx(report, head, app.clock.now()) : await renderIi06aPdf(report, head, app.clock.now());
    return reply.type(TYPES[format]).header('content-disposition', `attachment; filename="bao-cao-ii06a-${report.period.from}-${report.period.to}.${format}"`).send(body);
  });
};

export default routes;
