/**
 * The outcome of each completed step, stored with its dossier in the completion's transaction
 * (`dossier_step_outcomes`, migration 2026120604). A later step's decision reads them here — the
 * approval of an appraisal that said "refuse" is a rejection — never from a live engine read, which can
 * fail or lag and must not turn into "approved".
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { STEP_VARIABLE } from './task-outcomes.ts';

export interface StepOutcome {
  outcome?: string;
  note?: string;
}

/** Records the outcome a step's form carries (`{ <step variable>: { outcome, note } }`). */
export async function recordStepOutcome(tx: Transaction<Database>, r: { dossierId: string; step: string; taskKey: string; submitted: Record<string, unknown>; at: Date; by: string | null }): Promise<void> {
  const o = (r.submitted[STEP_VARIABLE[r.step] ?? r.step] ?? {}) as StepOutcome;
  await tx.insertInto('dossier_step_outcomes').values({
    dossier_id: r.dossierId, step: r.step, outcome: typeof o.outcome === 'string' ? o.outcome : null, note: typeof o.note === 'string' ? o.note : null,
    task_key: r.taskKey, completed_at: r.at, completed_by: r.by,
  }).execute();
}

/** The latest outcome of each step of a dossier, keyed like the process variables (`appraisal`, `triage`, `result`…). */
export async function latestStepOutcomes(tx: Transaction<Database>, dossierId: string): Promise<Record<string, StepOutcome>> {
  const rows = await tx.selectFrom('dossier_step_outcomes').select(['step', 'outcome', 'note']).where('dossier_id', '=', dossierId).orderBy('id').execute();
  const out: Record<string, StepOutcome> = {};
  for (const r of rows) out[STEP_VARIABLE[r.step] ?? r.step] = { ...(r.outcome ? { outcome: r.outcome } : {}), ...(r.note ? { note: r.note } : {}) };
  return out;
}
