/**
 * What completing a user task means for its dossier: each step's outcome (processes/README.md)
 * mapped to the lifecycle action it takes, if any. Pure.
 */
import type { DossierAction, DossierState } from '../domain/dossier/index.ts';

/** The variables a step's completion carries, by step (the task schemas' top-level key). */
export const STEP_VARIABLE: Record<string, string> = {
  reception: 'reception', triage: 'triage', appraisal: 'appraisal', verification: 'verification', approval: 'approval', delivery: 'result',
};

export interface MappedAction {
  action: DossierAction;
  input: Record<string, unknown>;
}

type Outcome = { outcome?: string; note?: string; channel?: string };

/**
 * The dossier actions a completion takes, in order (e.g. an appraisal of an accepted dossier first
 * starts processing). `vars` are the earlier steps' outcomes stored with the dossier (`step-outcomes.ts`;
 * for the approval, the appraisal's outcome decides between approval and rejection).
 */
export function actionsForCompletion(step: string, submitted: Record<string, unknown>, state: DossierState, vars: Record<string, unknown>): MappedAction[] {
  const o = (submitted[STEP_VARIABLE[step] ?? step] ?? {}) as Outcome;
  const notes = o.note ? [o.note] : [];
  const start: MappedAction[] = state.status === 'accepted' && (step === 'appraisal' || step === 'triage') ? [{ action: 'start_processing', input: {} }] : [];
  switch (`${step}:${o.outcome}`) {
    case 'reception:accept': return state.status === 'registered' ? [{ action: 'accept', input: {} }] : [];
    case 'reception:refuse': return state.status === 'registered' ? [{ action: 'refuse', input: { reasons: notes.length ? notes : ['Hồ sơ không đủ điều kiện tiếp nhận'] } }] : [];
    case 'appraisal:supplement':
    case 'triage:supplement':
      return [...start, { action: 'request_supplement', input: { items: notes.length ? notes : ['Bổ sung, hoàn thiện hồ sơ'] } }];
    case 'approval:approve': {
      const refused = (vars.appraisal as Outcome | undefined)?.outcome === 'refuse' || (vars.triage as Outcome | undefined)?.outcome === 'reject';
      return state.status === 'processing' ? [{ action: 'decide', input: refused ? { outcome: 'rejected', reason: (vars.appraisal as Outcome | undefined)?.note ?? o.note ?? 'Không đủ điều kiện' } : { outcome: 'approved', ...(o.note ? { reason: o.note } : {}) } }] : [];
    }
    case 'delivery:returned': return state.status === 'decided' ? [{ action: 'return_result', input: { mode: o.channel === 'truc_tuyen' ? 'electronic' : 'paper' } }] : [];
    default: return start;
  }
}

/** A user-task completion that mirrors a dossier action: the step whose open task it completes, and its variables. */
export interface MirroredCompletion {
  step: string;
  variables: Record<string, unknown>;
}

/**
 * The completions that could mirror a dossier action taken outside the task list, in order of
 * preference: the first whose step has an open task is the one to make (a supplement is asked at the
 * appraisal, or at the triage of a procedure that triages). Empty when the action has no step.
 */
export function completionsForEvent(action: string, details: Record<string, unknown>): MirroredCompletion[] {
  const note = (v: unknown) => (Array.isArray(v) ? v.join('; ') : typeof v === 'string' ? v : undefined);
  switch (action) {
    case 'accept': return [{ step: 'reception', variables: { reception: { outcome: 'accept' } } }];
    case 'refuse': return [{ step: 'reception', variables: { reception: { outcome: 'refuse', note: note(details.reasons) ?? 'Từ chối tiếp nhận' } } }];
    case 'request_supplement': {
      const supplement = { outcome: 'supplement', note: note(details.items) ?? 'Bổ sung hồ sơ' };
      // The diagram's supplement timer reads when the applicant's time runs out.
      const deadline = typeof details.supplementDueAt === 'string' ? { supplementDeadline: details.supplementDueAt } : {};
      return [{ step: 'appraisal', variables: { appraisal: supplement, ...deadline } }, { step: 'triage', variables: { triage: supplement, ...deadline } }];
    }
    case 'decide': return [{ step: 'approval', variables: { approval: { outcome: 'approve', ...(note(details.reason) ? { note: note(details.reason) } : {}) } } }];
    case 'return_result': return [{ step: 'delivery', variables: { result: { outcome: 'returned' } } }];
    default: return [];
  }
}
