/**
 * What the process modeler (`/quy-trinh`) needs from the API besides the versions:
 * - `POST /api/procedures/:id/check` (body: BPMN XML) → `{ ok, issues }`: the very check an upload must
 *   pass (`checkProcess`: lint, the engine's support, motcua's contract), for live markers;
 * - `GET /api/procedures/:id/element-templates` → the Camunda element templates of motcua's step kinds,
 *   their dropdowns filled with the installation's groups and the agency types of the user's province;
 * - `GET /api/modeler/supported-elements` → what the engines run (the embedded engine's own tables).
 * Procedure controllers and admins only.
 */
import type { FastifyPluginAsync } from 'fastify';
import { acceptBpmnXml, BPMN_BODY_LIMIT, procedureOf } from './bpmn-body.ts';
import { sql } from 'kysely';
import type { Role } from '../db/database.ts';
import { checkProcess, CANDIDATE_GROUPS } from '../procedures/check.ts';
import { elementTemplates, type AgencyOption, type GroupOption } from '../procedures/element-templates.ts';
import { agencyRoot } from '../services/agencies.ts';
import { supportedElements } from '../../engine-adapter/embedded/supported-elements.ts';

const MODELER_ROLES = ['procedure_controller', 'admin'] as const satisfies readonly Role[];
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

const GROUP_NAMES: Record<string, { vi: string; en: string }> = {
  receptionist: { vi: 'Bộ phận một cửa', en: 'Reception (one-stop counter)' },
  specialist: { vi: 'Công chức chuyên môn', en: 'Specialists' },
  leader: { vi: 'Lãnh đạo', en: 'Leaders' },
};

/** Agency types a dossier can be handed off to (not the receiving centre itself). */
const HANDOFF_TYPES = ['police', 'social_insurance', 'provincial_department', 'commune_unit', 'external'];
const TYPE_NAMES: Record<string, string> = {
  police: 'Công an / police', social_insurance: 'Bảo hiểm xã hội / social insurance', provincial_department: 'Sở, ngành cấp tỉnh / provincial department',
  commune_unit: 'Đơn vị cấp xã / commune unit', external: 'Cơ quan ngoài / external agency',
};

const routes: FastifyPluginAsync = async (app) => {
  acceptBpmnXml(app);

  app.post('/api/procedures/:id/check', {
    config: { access: MODELER_ROLES },
    bodyLimit: BPMN_BODY_LIMIT,
    schema: {
      tags: ['procedures'], summary: 'Kiểm tra sơ đồ quy trình (không triển khai) / check a process diagram without deploying it (body: the BPMN XML)',
      params: idParams, body: { type: 'string', minLength: 1 },
    },
  }, async (request) => {
    const procedure = await procedureOf(app, (request.params as { id: string }).id);
    const check = await checkProcess(request.body as string, { expectedProcessId: procedure.process_id, resourceName: `${procedure.id}.bpmn` });
    return { ok: check.ok, issues: check.issues };
  });

  app.get('/api/procedures/:id/element-templates', {
    config: { access: MODELER_ROLES },
    schema: { tags: ['procedures'], summary: 'Mẫu phần tử cho trình vẽ quy trình / element templates for the modeler (Camunda 8 element-template JSON)', params: idParams },
  }, async (request) => {
    const procedure = await procedureOf(app, (request.params as { id: string }).id);
    const en = request.lang === 'en';
    const groups: GroupOption[] = CANDIDATE_GROUPS.map((g) => ({ id: g, name: `${en ? GROUP_NAMES[g]!.en : GROUP_NAMES[g]!.vi} (${g})` }));
    const root = await agencyRoot(app.db, request.user.agencyId);
    const rows = await sql<{ type: string; names: string }>`
      with recursive sub(id) as (select id from agencies where id = ${root} union select a.id from agencies a join sub on a.parent_id = sub.id)
      select a.type, string_agg(a.name, ', ' order by a.name) as names from agencies a join sub on sub.id = a.id
      where not a.disabled group by a.type order by a.type`.execute(app.db);
    const agencies: AgencyOption[] = rows.rows.filter((r) => HANDOFF_TYPES.includes(r.type))
      .map((r) => ({ role: r.type, name: `${TYPE_NAMES[r.type] ?? r.type}: ${r.names}` }));
    return elementTemplates(procedure.id, groups, agencies);
  });

  app.get('/api/modeler/supported-elements', {
    config: { access: MODELER_ROLES },
    schema: { tags: ['procedures'], summary: 'Các phần tử BPMN mà động cơ chạy được / the BPMN elements the engines run' },
  }, async () => supportedElements());
};

export default routes;
