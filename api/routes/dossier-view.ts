/** The JSON shape of a dossier in API responses, with its deadline state. */
import type { Dossier, Procedure } from '../db/database.ts';
import type { Calendar } from '../domain/calendar/index.ts';
import { actionsFrom, STATUS_INFO, TRANSITIONS, type DossierState, type DossierStatus } from '../domain/dossier/index.ts';
import { classifyFinished, classifyOpen, onlineReviewDueAt, type SlaPolicy } from '../domain/sla/index.ts';
import { stateFromJson } from '../services/dossier-codec.ts';

/** The deadline state of a dossier at `asOf`: open (in time / due soon / overdue), finished, paused. */
export function slaState(calendar: Calendar, state: DossierState, asOf: Date, policy: SlaPolicy): string | null {
  if (!state.dueAt || !state.receivedAt) return null;
  if (state.status === 'supplement_requested' || state.status === 'fee_required' || state.status === 'withdrawal_requested') return 'paused';
  if (state.status === 'refused' || state.status === 'stopped') return null;
  const finishedAt = state.decision?.at ?? state.returnedAt;
  if (finishedAt) return classifyFinished(state.dueAt, finishedAt);
  return classifyOpen(calendar, state.receivedAt, state.dueAt, asOf, policy.dueSoon);
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * An online dossier waiting for review (Decree 118 Art. 17.2): it must be accepted or sent back
 * for a supplement within `onlineReviewWorkingHours` working hours of its submission.
 */
export function reviewState(calendar: Calendar, state: DossierState, asOf: Date, policy: SlaPolicy): { reviewDueAt: string | null; reviewSla: string | null } {
  if (state.status !== 'registered' || !state.submittedAt) return { reviewDueAt: null, reviewSla: null };
  const due = onlineReviewDueAt(calendar, state.submittedAt, policy);
  return { reviewDueAt: due.toISOString(), reviewSla: classifyOpen(calendar, state.submittedAt, due, asOf, policy.onlineReviewDueSoon) };
}

/** Full view for officers of the agencies that may see the dossier. */
export function dossierView(d: Dossier, procedure: Pick<Procedure, 'id' | 'name_vi' | 'name_en'>, calendar: Calendar, asOf: Date, policy: SlaPolicy, roles: readonly string[]) {
  const state = stateFromJson(d.state);
  const status = state.status as DossierStatus;
  return {
    id: d.id,
    code: d.code,
    procedure: { id: procedure.id, nameVi: procedure.name_vi, nameEn: procedure.name_en },
    status,
    statusCode: STATUS_INFO[status].code,
    statusVi: STATUS_INFO[status].vi,
    statusEn: STATUS_INFO[status].en,
    channel: d.channel,
    applicant: d.applicant,
    formData: d.form_data,
    receivingAgencyId: d.receiving_agency_id,
    handlingAgencyId: d.handling_agency_id,
    submittedAt: iso(state.submittedAt),
    receivedAt: iso(state.receivedAt),
    dueAt: iso(state.dueAt),
    supplementDueAt: iso(state.supplementDueAt),
    supplementRequests: state.supplementRequests,
    extensions: state.extensions,
    feeDue: state.feeDue,
    feePaid: state.feePaid,
    decision: state.decision ? { outcome: state.decision.outcome, reason: state.decision.reason, at: iso(state.decision.at) } : null,
    returnedAt: iso(state.returnedAt),
    returnMode: state.returnMode,
    closedReason: state.closedReason,
    pauses: state.pauses.map((p) => ({ kind: p.kind, from: iso(p.from), to: iso(p.to) })),
    sla: slaState(calendar, state, asOf, policy),
    ...reviewState(calendar, state, asOf, policy),
    processInstanceKey: d.process_instance_key,
    /** What the current user may do next (for the UI). */
    actions: actionsFrom(status).filter((a) => TRANSITIONS[a].roles.some((r) => roles.includes(r))),
    version: d.version,
    createdAt: iso(d.created_at),
    updatedAt: iso(d.updated_at),
  };
}
