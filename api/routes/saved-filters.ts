/**
 * Saved task-list filters: `GET /api/saved-filters` (own, and shared ones of the user's agency),
 * `POST /api/saved-filters` `{ name, query, shared }`, `DELETE /api/saved-filters/:id` (owner only).
 */
import type { FastifyPluginAsync } from 'fastify';
import { createSavedFilter, deleteSavedFilter, listSavedFilters, type NewSavedFilter } from '../services/saved-filters.ts';

const OFFICERS = ['receptionist', 'specialist', 'leader', 'supervisor'] as const;

const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/saved-filters', {
    config: { access: [...OFFICERS] },
    schema: { tags: ['tasks'], summary: 'Bộ lọc đã lưu / saved task-list filters (own and shared in the agency)' },
  }, async (request) => listSavedFilters(app.db, request.user));

  app.post('/api/saved-filters', {
    config: { access: [...OFFICERS] },
    schema: {
      tags: ['tasks'], summary: 'Lưu bộ lọc / save a task-list filter',
      description: 'query: query parameters of GET /api/tasks (view, state, step, dossierCode, procedureId, overdue, dueSoon, q, sort, pageSize).',
      body: {
        type: 'object', additionalProperties: false, required: ['name', 'query'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' }, query: { type: 'object' }, shared: { type: 'boolean', default: false } },
      },
    },
  }, async (request, reply) => {
    const saved = await createSavedFilter(app.db, request.user, request.body as NewSavedFilter, request.auditContext(), app.clock.now(), request.lang);
    return reply.status(201).send(saved);
  });

  app.delete('/api/saved-filters/:id', {
    config: { access: [...OFFICERS] },
    schema: { tags: ['tasks'], summary: 'Xóa bộ lọc của mình / delete one of your filters', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } },
  }, async (request, reply) => {
    await deleteSavedFilter(app.db, request.user, (request.params as { id: string }).id, request.auditContext());
    return reply.status(204).send();
  });
};

export default routes;
