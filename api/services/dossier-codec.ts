/** Stores a dossier's lifecycle state as JSON (dates as ISO strings) and reads it back. */
import type { DossierState } from '../domain/dossier/index.ts';

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/** The JSON form of a state (for the `state` column). */
export function stateToJson(state: DossierState): string {
  return JSON.stringify(state);
}

/** A state read back from the `state` column. */
export function stateFromJson(json: Record<string, unknown>): DossierState {
  const s = json as unknown as DossierState & Record<string, unknown>;
  return {
    ...s,
    submittedAt: date(s.submittedAt)!,
    receivedAt: date(s.receivedAt),
    dueAt: date(s.dueAt),
    originalDueAt: date(s.originalDueAt),
    supplementDueAt: date(s.supplementDueAt),
    returnedAt: date(s.returnedAt),
    decision: s.decision ? { ...s.decision, at: date(s.decision.at)! } : null,
    payments: (s.payments ?? []).map((p) => ({ ...p, at: date(p.at)! })),
    pauses: (s.pauses ?? []).map((p) => ({ ...p, from: date(p.from)!, to: date(p.to) })),
  };
}
