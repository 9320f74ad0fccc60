/**
 * Process versions of a procedure: a procedure controller uploads a new BPMN diagram; it is linted
 * (Camunda 8.8 compatibility, the embedded engine's support, motcua's process contract) and, when
 * clean, deployed. Dossiers already running stay on their version.
 */
import type { FastifyPluginAsync } from 'fastify';
import { acceptBpmnXml, BPMN_BODY_LIMIT, procedureOf } from './bpmn-body.ts';
import { AppError } from '../errors.ts';
import { INT4_MAX } from '../validation.ts';
import { publishProcedureVersion } from '../services/procedure-publish.ts';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

const routes: FastifyPluginAsync = async (app) => {
  acceptBpmnXml(app);

  app.post('/api/procedures/:id/versions', {
    config: { access: ['procedure_controller'] },
    bodyLimit: BPMN_BODY_LIMIT,
    schema: {
      tags: ['procedures'], summary: 'Công bố phiên bản quy trình / publish a new process version (body: the BPMN XML, Content-Type application/xml)',
      description: 'comment: a note for the version history. baseVersion: the version the editor started from; when a later one exists → 409 PROCESS_VERSION_STALE with `details.currentVersion`, unless overwrite=true.',
      params: idParams, body: { type: 'string', minLength: 1 },
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { comment: { type: 'string', maxLength: 1000 }, baseVersion: { type: 'integer', minimum: 1, maximum: INT4_MAX }, overwrite: { type: 'boolean' } },
      },
    },
  }, async (request, reply) => {
    const query = request.query as { comment?: string; baseVersion?: number; overwrite?: boolean };
    const { procedureId, row, created, warnings } = await publishProcedureVersion(app, {
      procedureId: (request.params as { id: string }).id, xml: request.body as string, userId: request.user.id, audit: request.auditContext(), now: app.clock.now(),
      comment: query.comment?.trim() || null, baseVersion: query.baseVersion, overwrite: query.overwrite,
    });
    return reply.status(created ? 201 : 200).send({
      procedureId, bpmnProcessId: row.bpmn_process_id, version: row.version, processDefinitionKey: row.process_definition_key,
      publishedAt: row.published_at.toISOString(), publishedBy: request.user.username, comment: row.comment ?? null, created, warnings,
    });
  });

  app.get('/api/procedures/:id/versions', {
    config: { access: 'authenticated' },
    schema: { tags: ['procedures'], summary: 'Các phiên bản quy trình / process versions, newest first', params: idParams },
  }, async (request) => {
    const procedure = await procedureOf(app, (request.params as { id: string }).id);
    const rows = await app.db.selectFrom('process_versions').leftJoin('users', 'users.id', 'process_versions.published_by')
      .select(['process_versions.version', 'process_versions.bpmn_process_id', 'process_versions.process_definition_key', 'process_versions.source', 'process_versions.sha256', 'process_versions.published_at', 'process_versions.warnings', 'process_versions.comment', 'users.username', 'users.full_name'])
      .where('procedure_id', '=', procedure.id).orderBy('version', 'desc').execute();
    return rows.map((r) => ({
      version: r.version, bpmnProcessId: r.bpmn_process_id, processDefinitionKey: r.process_definition_key, source: r.source, sha256: r.sha256,
      publishedAt: r.published_at.toISOString(), publishedBy: r.username ?? null, publishedByName: r.full_name ?? null, comment: r.comment ?? null, warnings: r.warnings,
    }));
  });

  app.get('/api/procedures/:id/versions/:version/xml', {
    config: { access: 'authenticated' },
    schema: { tags: ['procedures'], summary: 'BPMN của một phiên bản / the BPMN XML of a version', params: { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string', maxLength: 100 }, version: { type: 'integer', minimum: 1, maximum: INT4_MAX } } } },
  }, async (request, reply) => {
    const { id, version } = request.params as { id: string; version: number };
    const row = await app.db.selectFrom('process_versions').select('xml').where('procedure_id', '=', id).where('version', '=', version).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    return reply.type('application/xml; charset=utf-8').send(row.xml);
  });
};

export default routes;
