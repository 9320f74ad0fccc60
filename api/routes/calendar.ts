/**
 * Working-time calendar: deadlines for any logged-in user (`GET /api/calendar/due`, a stable
 * black-box endpoint), the year tables (read by all, replaced by admins when the official schedule
 * is announced), and each agency's office hours.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError, validationError } from '../errors.ts';
import { answerDueQuery, exportYearTable, importYearTable, MAX_YEAR, MIN_YEAR, validateOfficeHours, DEFAULT_OFFICE_HOURS, type OfficeHours } from '../domain/calendar/index.ts';
import { agencySubtree } from '../services/agencies.ts';
import { writeAudit } from '../services/audit.ts';
import { moveRemindBasis } from '../services/remind-basis.ts';
import type { Clock } from '../services/clock.ts';

const yearParams = { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: MIN_YEAR, maximum: MAX_YEAR } } } as const;
const agencyParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

const routes: FastifyPluginAsync<{ clock: Clock }> = async (app, { clock }) => {
  app.get('/api/calendar/due', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['calendar'], summary: 'Tính hạn giải quyết / compute a due date in working time',
      description: 'from=<ISO instant> and exactly one of workingDays=<n>, workingHours=<n>, sameDay=true; optional agency=<id> for its office hours.',
      querystring: {
        type: 'object', additionalProperties: false, required: ['from'],
        properties: { from: { type: 'string' }, workingDays: { type: 'string' }, workingHours: { type: 'string' }, sameDay: { type: 'string' }, agency: { type: 'string', maxLength: 64 } },
      },
      response: { 200: { type: 'object', properties: { dueAt: { type: 'string' } } } },
    },
  }, async (request) => {
    const query = request.query as Record<string, string>;
    if (query.agency && !(await app.db.selectFrom('agencies').select('id').where('id', '=', query.agency).executeTakeFirst())) {
      throw new AppError('UNKNOWN_AGENCY', [{ field: 'agency', message: request.lang === 'vi' ? 'cơ quan không tồn tại' : 'no such agency' }]);
    }
    const answer = answerDueQuery(await app.calendars.forAgency(query.agency ?? null), query);
    if (!answer.ok) throw validationError(answer.errors, request.lang);
    return answer.body;
  });

  app.get('/api/calendar/:year', {
    config: { access: 'authenticated' },
    schema: { tags: ['calendar'], summary: 'Lịch nghỉ lễ, Tết và ngày làm bù của một năm / the year table in force', params: yearParams },
  }, async (request) => {
    const { year } = request.params as { year: number };
    const calendar = await app.calendars.forAgency(null);
    return exportYearTable(calendar.yearTable(year));
  });

  app.put('/api/calendar/:year', {
    config: { access: ['admin'] },
    schema: {
      tags: ['calendar'], summary: 'Nhập lịch chính thức của một năm / import the official year table',
      params: yearParams, body: { type: 'object' },
    },
  }, async (request) => {
    const { year } = request.params as { year: number };
    // The year table is shared by every agency of the installation: only a top-level administrator sets it.
    const own = await app.db.selectFrom('agencies').select('parent_id').where('id', '=', request.user.agencyId).executeTakeFirst();
    if (own?.parent_id) throw new AppError('PROVINCE_ADMIN_ONLY');
    const imported = importYearTable(request.body);
    if (!imported.ok) throw validationError(imported.errors, request.lang);
    if (imported.table.year !== year) throw new AppError('VALIDATION_FAILED', [{ field: 'year', message: request.lang === 'vi' ? `phải là ${year}` : `must be ${year}` }]);
    await app.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('calendar_years').select('data').where('year', '=', year).forUpdate().executeTakeFirst();
      const data = JSON.stringify(imported.table);
      await tx.insertInto('calendar_years').values({ year, data, updated_by: request.user.id, updated_at: clock.now() })
        .onConflict((oc) => oc.column('year').doUpdateSet({ data, updated_by: request.user.id, updated_at: clock.now() })).execute();
      const summary = (t: { daysOff: unknown[]; workingSaturdays: unknown[]; source: string; official: boolean }) => ({ source: t.source, official: t.official, daysOff: t.daysOff.length, workingSaturdays: t.workingSaturdays.length });
      await writeAudit(tx, request.auditContext(), {
        action: 'calendar.import', targetType: 'calendar_year', targetId: String(year),
        before: before ? summary(before.data as never) : null, after: summary(imported.table),
      });
      await moveRemindBasis(tx, clock.now());
    });
    app.calendars.invalidate();
    return imported.table;
  });

  app.get('/api/agencies/:id/office-hours', {
    config: { access: 'authenticated' },
    schema: { tags: ['calendar'], summary: 'Giờ làm việc của cơ quan / office hours of an agency', params: agencyParams },
  }, async (request) => {
    const row = await app.db.selectFrom('agencies').select('office_hours').where('id', '=', (request.params as { id: string }).id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    return row.office_hours ?? DEFAULT_OFFICE_HOURS;
  });

  app.put('/api/agencies/:id/office-hours', {
    config: { access: ['admin'] },
    schema: { tags: ['calendar'], summary: 'Đặt giờ làm việc / set office hours', params: agencyParams, body: { type: 'object' } },
  }, async (request) => {
    const { id } = request.params as { id: string };
    if (!(await agencySubtree(app.db, request.user.agencyId)).includes(id)) throw new AppError('NOT_FOUND');
    const hours = request.body as OfficeHours;
    const errors = validateOfficeHours(hours);
    if (errors.length) throw validationError(errors, request.lang);
    await app.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('agencies').select('office_hours').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      await tx.updateTable('agencies').set({ office_hours: JSON.stringify(hours), updated_at: clock.now() }).where('id', '=', id).execute();
      await writeAudit(tx, request.auditContext(), { action: 'agency.office_hours', targetType: 'agency', targetId: id, agencyId: id, before: { officeHours: before.office_hours }, after: { officeHours: hours } });
      await moveRemindBasis(tx, clock.now());
    });
    app.calendars.invalidate();
    return hours;
  });
};

export default routes;
