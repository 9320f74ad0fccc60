/**
 * What the routes that take a procedure's BPMN share: the XML body parser (5 MiB) and the procedure
 * named in the path (404 when there is none).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

export const BPMN_BODY_LIMIT = 5 * 1024 * 1024;

/** Accepts BPMN XML bodies (`application/xml`, `text/xml`, `application/bpmn+xml`) as text in this plugin's scope. */
export function acceptBpmnXml(app: FastifyInstance): void {
  app.addContentTypeParser(['application/xml', 'text/xml', 'application/bpmn+xml'], { parseAs: 'string', bodyLimit: BPMN_BODY_LIMIT }, (_req, body, done) => done(null, body));
}

/** The procedure `id` with its process id; 404 when it does not exist. */
export async function procedureOf(app: FastifyInstance, id: string): Promise<{ id: string; process_id: string }> {
  const p = await app.db.selectFrom('procedures').select(['id', 'process_id']).where('id', '=', id).executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}
