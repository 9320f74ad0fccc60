/**
 * What `/v2`'s administrative commands share: the audit row of an engine operation, and the guard
 * that keeps the catalogue's processes (the procedures' `motcua-*` processes that dossiers run) out
 * of reach of raw engine commands.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { writeAudit } from '../../services/audit.ts';
import { Problem, invalid } from './problem.ts';
import { PROCEDURE_NAMESPACE, RESERVED_VARIABLES } from './scope.ts';

/** Writes the audit row of a `/v2` engine operation (after the engine has done it). */
export async function auditEngineOperation(app: FastifyInstance, request: FastifyRequest, entry: { action: string; targetType: string; targetId: string; agencyId?: string | null; after?: Record<string, unknown> }): Promise<void> {
  await app.db.transaction().execute((tx) => writeAudit(tx, request.auditContext(), { ...entry, agencyId: entry.agencyId ?? request.user.agencyId }));
}

/** The procedure whose process this is, if any (by the catalogue, or by the reserved namespace). */
export async function procedureProcess(app: FastifyInstance, bpmnProcessId: string): Promise<{ procedureId: string | null } | undefined> {
  const p = await app.db.selectFrom('procedures').select('id').where('process_id', '=', bpmnProcessId).executeTakeFirst();
  if (p) return { procedureId: p.id };
  return bpmnProcessId.startsWith(PROCEDURE_NAMESPACE) ? { procedureId: null } : undefined;
}

/** 403: a dossier's process is started by its dossier, not by a raw engine command. */
export function dossierProcessStart(bpmnProcessId: string): Problem {
  return new Problem(403,
    `Process '${bpmnProcessId}' is a procedure's process: its instances are started by receiving a dossier (POST /api/dossiers), not through /v2`,
    `Quy trình '${bpmnProcessId}' là quy trình của một thủ tục: chỉ được khởi chạy khi tiếp nhận hồ sơ (POST /api/dossiers), không qua /v2`,
    { processDefinitionId: bpmnProcessId });
}

/** 400 when variables set through `/v2` name a reserved variable (one that ties an instance to a dossier). */
export function assertNoReservedVariables(variables: Record<string, unknown> | undefined, field = 'variables'): void {
  const used = RESERVED_VARIABLES.filter((name) => variables && Object.hasOwn(variables, name));
  if (used.length) {
    throw invalid(`Request property [${field}.${used[0]}] is reserved: it ties an instance to a dossier`, `Trường [${field}.${used[0]}] được dành riêng: nó gắn phiên bản quy trình với một hồ sơ`, { fields: used.map((name) => ({ field: `${field}.${name}` })) });
  }
}

/** 409: a dossier's instance changes only through the dossier's own actions. */
export function dossierOwned(what: string, whatVi: string, dossierCode: string, actions: string, actionsVi: string): Problem {
  return new Problem(409,
    `${what} belongs to dossier ${dossierCode}: ${actions}`,
    `${whatVi} thuộc hồ sơ ${dossierCode}: ${actionsVi}`,
    { dossierCode });
}
