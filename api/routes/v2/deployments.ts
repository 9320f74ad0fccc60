/**
 * `POST /v2/deployments`: multipart `resources` (BPMN files) and an optional `tenantId`.
 *
 * A process of the catalogue (a procedure's `process_id`, or any id in the `motcua-` namespace) is
 * published as `POST /api/procedures/:id/versions` does it (`services/procedure-publish.ts`: procedure
 * controllers only, the full check, a new version in the procedure's list, the audit row), alone in its
 * deployment. Any other process is the engine's own tenant's: deployed as is, with an audit row, and
 * never run by a dossier (dossiers run their procedure's process only).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { DeployedProcess, DeployResource } from '../../../engine-adapter/workflow-engine.ts';
import { DEFINERS } from './access.ts';
import { invalid, unsupported } from './problem.ts';
import { DEFAULT_TENANT } from './schemas.ts';
import { isStorableText, unstorableTextError, validationError } from '../../plugins/bad-input.ts';
import { readMultipart } from '../multipart.ts';
import { processIdsOf } from './process-ids.ts';
import { publishProcedureVersion } from '../../services/procedure-publish.ts';
import { Problem } from './problem.ts';
import { auditEngineOperation, procedureProcess } from './operations.ts';
import { decisionDeployments } from './decision-mappers.ts';

/** Largest BPMN resource accepted, in bytes. */
const MAX_RESOURCE_BYTES = 5 * 1024 * 1024;

async function readResources(request: FastifyRequest): Promise<DeployResource[]> {
  if (!request.isMultipart()) throw invalid('Expected multipart/form-data with one or more `resources` files', 'Cần gửi multipart/form-data với một hoặc nhiều tệp `resources`', { fields: [{ field: 'resources' }] });
  const resources: DeployResource[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'tenantId' && part.value !== DEFAULT_TENANT) throw unsupported(`tenant '${String(part.value)}' (multi-tenancy)`, `đơn vị thuê '${String(part.value)}' (đa tenant)`);
      if (part.fieldname !== 'tenantId') throw invalid(`Request property [${part.fieldname}] is not an allowed field`, `Trường [${part.fieldname}] không được phép`, { fields: [{ field: part.fieldname }] });
      continue;
    }
    if (part.fieldname !== 'resources') throw invalid(`Request property [${part.fieldname}] is not an allowed field; send files as \`resources\``, `Trường [${part.fieldname}] không được phép; gửi tệp trong \`resources\``, { fields: [{ field: part.fieldname }] });
    const name = part.filename || 'resource.bpmn';
    const content = (await part.toBuffer()).toString('utf8');
    if (!isStorableText(name) || !isStorableText(content)) throw validationError('body', [unstorableTextError('/resources')]);
    if (!/\.(bpmn|xml|dmn)$/i.test(name) && !/<(\w+:)?definitions[\s>]/.test(content)) throw unsupported(`resource '${name}' (only BPMN processes and DMN decisions are deployed; no forms)`, `tệp '${name}' (chỉ triển khai quy trình BPMN và quyết định DMN; chưa hỗ trợ biểu mẫu)`);
    resources.push({ name, content });
  }
  if (!resources.length) throw invalid('Request property [resources] is required', 'Trường [resources] là bắt buộc', { fields: [{ field: 'resources' }] });
  return resources;
}

const routes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_RESOURCE_BYTES, files: 50, fields: 5, fieldSize: 1000 }, throwFileSizeLimit: true });

  app.post('/v2/deployments', {
    config: { access: DEFINERS, v2Scope: 'catalogue' },
    schema: { tags: ['v2'], summary: 'Triển khai tài nguyên BPMN / deploy resources (Camunda 8.8)' },
  }, async (request) => {
    const resources = await readMultipart(() => readResources(request));
    const catalogue: Array<{ resource: DeployResource; bpmnProcessId: string; procedureId: string | null }> = [];
    for (const resource of resources.filter((r) => !/\.dmn$/i.test(r.name))) {
      for (const { bpmnProcessId } of processIdsOf(resource.content)) {
        const owner = await procedureProcess(app, bpmnProcessId);
        if (owner) catalogue.push({ resource, bpmnProcessId, procedureId: owner.procedureId });
      }
    }
    if (catalogue.length) return publishToCatalogue(request, resources, catalogue[0]!);
    const deployment = await app.engine.deploy(resources);
    const deployed = deployment.processes;
    await auditEngineOperation(app, request, { action: 'engine.deploy', targetType: 'deployment', targetId: deployment.deploymentKey, after: { processes: deployed.map((d) => ({ id: d.bpmnProcessId, version: d.version })), decisions: deployment.decisions.map((d) => ({ id: d.decisionId, version: d.version })) } });
    return { ...deploymentResult(deployed), deploymentKey: deployment.deploymentKey, deployments: [...deploymentResult(deployed).deployments, ...decisionDeployments(deployment)] };
  });

  /** Publishes a procedure's process version, as `POST /api/procedures/:id/versions` does. */
  async function publishToCatalogue(request: FastifyRequest, resources: DeployResource[], found: { resource: DeployResource; bpmnProcessId: string; procedureId: string | null }) {
    if (!request.user.roles.includes('procedure_controller')) {
      throw new Problem(403, `Process '${found.bpmnProcessId}' belongs to the procedure catalogue: only procedure controllers publish its versions (POST /api/procedures/{id}/versions)`,
        `Quy trình '${found.bpmnProcessId}' thuộc danh mục thủ tục: chỉ cán bộ kiểm soát thủ tục được công bố phiên bản (POST /api/procedures/{id}/versions)`, { processDefinitionId: found.bpmnProcessId });
    }
    if (!found.procedureId) {
      throw new Problem(403, `Process id '${found.bpmnProcessId}' is in the namespace of the procedures' processes (motcua-) but no procedure has it`,
        `Mã quy trình '${found.bpmnProcessId}' thuộc không gian tên của quy trình thủ tục (motcua-) nhưng không thủ tục nào dùng`, { processDefinitionId: found.bpmnProcessId });
    }
    if (resources.length !== 1) {
      throw invalid(`A procedure's process ('${found.bpmnProcessId}') is deployed alone: send one resource`, `Quy trình của thủ tục ('${found.bpmnProcessId}') phải được triển khai riêng: gửi một tệp`, { fields: [{ field: 'resources' }] });
    }
    const { row } = await publishProcedureVersion(app, { procedureId: found.procedureId, xml: found.resource.content, userId: request.user.id, audit: request.auditContext(), now: app.clock.now() });
    return deploymentResult([{ bpmnProcessId: row.bpmn_process_id, version: row.version, processDefinitionKey: row.process_definition_key, resourceName: row.resource_name }]);
  }

  function deploymentResult(deployed: DeployedProcess[]) {
    return {
      // The interface returns no deployment key: the first definition's key stands for it.
      deploymentKey: deployed[0]?.processDefinitionKey ?? '0',
      tenantId: DEFAULT_TENANT,
      deployments: deployed.map((d) => ({
        processDefinition: { processDefinitionId: d.bpmnProcessId, processDefinitionVersion: d.version, resourceName: d.resourceName, tenantId: DEFAULT_TENANT, processDefinitionKey: d.processDefinitionKey },
      })),
    };
  }
};

export default routes;
