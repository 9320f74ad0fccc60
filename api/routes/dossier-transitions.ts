/**
 * One route per lifecycle transition: `POST /api/dossiers/:code/<action>`. Each is one checked
 * state-machine step in one transaction with its history row, outbox event and audit row. Dates
 * the law fixes (due dates, the supplement deadline) are computed here with the agency's calendar.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { dueAt, type Calendar, type TimeLimit } from '../domain/calendar/index.ts';
import { applyTransition, DOSSIER_ACTIONS, TRANSITIONS, type DossierAction, type DossierState } from '../domain/dossier/index.ts';
import { supplementDeadline, type SlaPolicy } from '../domain/sla/index.ts';
import { agencySubtree } from '../services/agencies.ts';
import { stateFromJson } from '../services/dossier-codec.ts';
import { actorOf, commitTransition, loadDossier } from '../services/dossiers.ts';
import { workingDaysBetween } from '../services/working-days.ts';
import { dossierView } from './dossier-view.ts';

interface Env {
  calendar: Calendar;
  limit: TimeLimit;
  state: DossierState;
  now: Date;
  policy: SlaPolicy;
}

interface ActionRoute {
  path: string;
  body: Record<string, unknown>;
  required?: string[];
  /** Builds the state machine's input from the request body and the dossier's context. */
  input?: (body: Record<string, any>, env: Env) => Record<string, unknown>;
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const list = { type: 'array', minItems: 1, maxItems: 50, items: text(1000) };

/** Routes of the actions on an existing dossier (the creating ones are `POST /api/dossiers`). */
export const ACTION_ROUTES: Partial<Record<DossierAction, ActionRoute>> = {
  accept: { path: 'accept', body: {}, input: (_b, e) => ({ dueAt: dueAt(e.calendar, e.now, e.limit) }) },
  refuse: { path: 'refuse', body: { reasons: list }, required: ['reasons'] },
  request_supplement: {
    path: 'request-supplement', body: { items: list, reason: text(1000) }, required: ['items'],
    input: (b, e) => ({ items: b.items, reason: b.reason, supplementDueAt: supplementDeadline(e.calendar, e.now, e.policy) }),
  },
  receive_supplement: {
    path: 'receive-supplement', body: {},
    // The time limit restarts from zero when the complete supplement arrives (Art. 19.5).
    input: (_b, e) => (e.state.receivedAt ? { dueAt: dueAt(e.calendar, e.now, e.limit) } : {}),
  },
  close_unsupplemented: { path: 'close-unsupplemented', body: {} },
  start_processing: { path: 'start-processing', body: { assignee: { type: 'string', maxLength: 100 } } },
  require_fee: { path: 'require-fee', body: { amount: { type: 'integer', minimum: 1 }, description: text(500) }, required: ['amount', 'description'] },
  record_payment: {
    path: 'payments', required: ['method', 'amount'],
    body: { method: { type: 'string', enum: ['cash', 'transfer', 'online'] }, amount: { type: 'integer', minimum: 1 }, reference: text(200) },
  },
  extend: {
    path: 'extend', required: ['newDueAt', 'reason'], body: { newDueAt: { type: 'string', format: 'date-time' }, reason: text(2000) },
    input: (b) => ({ newDueAt: new Date(b.newDueAt), reason: b.reason }),
  },
  request_withdrawal: { path: 'request-withdrawal', body: { reason: text(1000) } },
  cancel_withdrawal: { path: 'cancel-withdrawal', body: {} },
  stop: { path: 'stop', body: { reason: text(2000) }, required: ['reason'] },
  decide: { path: 'decide', required: ['outcome'], body: { outcome: { type: 'string', enum: ['approved', 'rejected'] }, reason: text(2000) } },
  return_result: { path: 'return-result', required: ['mode'], body: { mode: { type: 'string', enum: ['paper', 'electronic', 'both'] } } },
  correct_result: { path: 'correct-result', required: ['description'], body: { description: text(2000) } },
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
        const procedure = await tx.selectFrom('procedures').select('legal_limit').where('id', '=', dossier.procedure_id).executeTakeFirstOrThrow();
        const calendar = await app.calendars.forAgency(dossier.receiving_agency_id);
        const state = stateFromJson(dossier.state);
        const env: Env = { calendar, limit: procedure.legal_limit as TimeLimit, state, now, policy: app.slaPolicy };
        const input = { ...(spec.input ? spec.input(body, env) : body), actor: actorOf(request.user) };
        const result = applyTransition(state, action, input as never, now, { workingDaysBetween: workingDaysBetween(calendar) });
        if (!result.ok) throw AppError.fromDomain(result.error, result.error.field ? [{ field: result.error.field, message: result.error[request.lang] }] : undefined);
        return commitTransition(tx, { dossier, next: result.next, event: result.event, audit: request.auditContext(), now, details: body });
      });
      const procedure = await app.db.selectFrom('procedures').select(['id', 'name_vi', 'name_en']).where('id', '=', updated.procedure_id).executeTakeFirstOrThrow();
      return dossierView(updated, procedure, await app.calendars.forAgency(updated.receiving_agency_id), now, app.slaPolicy, request.user.roles);
    });
  }
};

export default routes;
