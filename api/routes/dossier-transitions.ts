/**
 * One route per lifecycle transition: `POST /api/dossiers/:code/<action>`. Each is one checked
 * state-machine step in one transaction with its history row, outbox event and audit row
 * (`services/dossier-actions.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '../db/database.ts';
import { DOSSIER_ACTIONS, TRANSITIONS, type DossierAction } from '../domain/dossier/index.ts';
import { agencySubtree } from '../services/agencies.ts';
import { runAction } from '../services/dossier-actions.ts';
import { loadDossier } from '../services/dossiers.ts';
import { dossierView } from './dossier-view.ts';

interface ActionRoute {
  path: string;
  body: Record<string, unknown>;
  required?: string[];
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const list = { type: 'array', minItems: 1, maxItems: 50, items: text(1000) };

/** Routes of the actions on an existing dossier (the creating ones are `POST /api/dossiers`). */
export const ACTION_ROUTES: Partial<Record<DossierAction, ActionRoute>> = {
  accept: { path: 'accept', body: {} },
  refuse: { path: 'refuse', body: { reasons: list }, required: ['reasons'] },
  request_supplement: { path: 'request-supplement', body: { items: list, reason: text(1000) }, required: ['items'] },
  receive_supplement: { path: 'receive-supplement', body: {} },
  close_unsupplemented: { path: 'close-unsupplemented', body: {} },
  start_processing: { path: 'start-processing', body: { assignee: { type: 'string', maxLength: 100 } } },
  require_fee: { path: 'require-fee', body: { amount: { type: 'integer', minimum: 1 }, description: text(500) }, required: ['amount', 'description'] },
  record_payment: {
    path: 'payments', required: ['method', 'amount'],
    body: { method: { type: 'string', enum: ['cash', 'transfer', 'online'] }, amount: { type: 'integer', minimum: 1 }, reference: text(200) },
  },
  extend: { path: 'extend', required: ['newDueAt', 'reason'], body: { newDueAt: { type: 'string', format: 'date-time' }, reason: text(2000) } },
  request_withdrawal: { path: 'request-withdrawal', body: { reason: text(1000) } },
  cancel_withdrawal: { path: 'cancel-withdrawal', body: {} },
  stop: { path: 'stop', body: { reason: text(2000) }, required: ['reason'] },
  decide: { path: 'decide', required: ['outcome'], body: { outcome: { type: 'string', enum: ['approved', 'rejected'] }, reason: text(2000) } },
  return_result: { path: 'return-result', required: ['mode'], body: { mode: { type: 'string', enum: ['paper', 'electronic', 'both'] } } },
  correct_result: { path: 'correct-result', required: ['description'], body: { description: text(2000), reportedAt: { type: 'string', format: 'date-time' } } },
};

/** The API roles that may call an action's route (the state machine's roles that are users). */
export function apiRolesOf(action: DossierAction): Role[] {
  return TRANSITIONS[action].roles.filter((r) => r !== 'applicant' && r !== 'system') as Role[];
}

const routes: FastifyPluginAsync = async (app) => {
  for (const action of DOSSIER_ACTIONS) {
    const spec = ACTION_ROUTES[action];
    if (!spec) continue;
    app.post(`/api/dossiers/:code/${spec.path}`, {
      config: { access: apiRolesOf(action) },
      // Steps without fields may be posted without a body.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags: ['dossiers'], summary: `${TRANSITIONS[action].vi} / ${TRANSITIONS[action].en.toLowerCase()}`,
        params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 80 } } },
        body: { type: 'object', additionalProperties: false, required: spec.required ?? [], properties: spec.body },
      },
    }, async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const scope = await agencySubtree(app.db, request.user.agencyId);
      const now = app.clock.now();
      const updated = await app.db.transaction().execute(async (tx) => {
        const dossier = await loadDossier(tx, (request.params as { code: string }).code, scope, true);
        return runAction(tx, { dossier, action, body, user: request.user, audit: request.auditContext(), now, calendars: app.calendars, policy: app.slaPolicy, lang: request.lang });
      });
      const procedure = await app.db.selectFrom('procedures').select(['id', 'name_vi', 'name_en']).where('id', '=', updated.procedure_id).executeTakeFirstOrThrow();
      return dossierView(updated, procedure, await app.calendars.forAgency(updated.receiving_agency_id), now, app.slaPolicy, request.user.roles);
    });
  }
};

export default routes;
