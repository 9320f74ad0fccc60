/** `POST /v2/deployments`: multipart `resources` (BPMN files) and an optional `tenantId`. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { DeployResource } from '../../../engine-adapter/workflow-engine.ts';
import { DEFINERS } from './access.ts';
import { invalid, unsupported } from './problem.ts';
import { DEFAULT_TENANT } from './schemas.ts';
import { isStorableText, unstorableTextError, validationError } from '../../plugins/bad-input.ts';
import { readMultipart } from '../multipart.ts';

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
    if (!/\.(bpmn|xml)$/i.test(name) && !/<(\w+:)?definitions[\s>]/.test(content)) throw unsupported(`resource '${name}' (only BPMN processes are deployed; no DMN or forms)`, `tệp '${name}' (chỉ triển khai quy trình BPMN; chưa hỗ trợ DMN hay biểu mẫu)`);
    resources.push({ name, content });
  }
  if (!resources.length) throw invalid('Request property [resources] is required', 'Trường [resources] là bắt buộc', { fields: [{ field: 'resources' }] });
  return resources;
}

const routes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_RESOURCE_BYTES, files: 50, fields: 5, fieldSize: 1000 }, throwFileSizeLimit: true });

  app.post('/v2/deployments', {
    config: { access: DEFINERS },
    schema: { tags: ['v2'], summary: 'Triển khai tài nguyên BPMN / deploy resources (Camunda 8.8)' },
  }, async (request) => {
    const deployed = await app.engine.deployResources(await readMultipart(() => readResources(request)));
    return {
      // The interface returns no deployment key: the first definition's key stands for it.
      deploymentKey: deployed[0]?.processDefinitionKey ?? '0',
      tenantId: DEFAULT_TENANT,
      deployments: deployed.map((d) => ({
        processDefinition: { processDefinitionId: d.bpmnProcessId, processDefinitionVersion: d.version, resourceName: d.resourceName, tenantId: DEFAULT_TENANT, processDefinitionKey: d.processDefinitionKey },
      })),
    };
  });
};

export default routes;
