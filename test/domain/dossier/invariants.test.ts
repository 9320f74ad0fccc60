import fc from 'fast-check';
import t from 'tap';
import {
  actionsFrom, applyTransition, DOSSIER_ACTIONS, DOSSIER_STATUSES, STATUS_INFO, type DossierState, type TransitionResult,
} from '../../../api/domain/dossier/index.ts';
import { at, input, T0 } from './fixtures.ts';

/** Invariants every reachable state keeps; returns the first one broken, or null. */
function broken(s: DossierState): string | null {
  if (!DOSSIER_STATUSES.includes(s.status)) return 'unknown status';
  if (s.supplementRequests > 1) return 'more than one supplement request';
  if (s.extensions > 1) return 'more than one extension';
  if (s.feePaid < 0 || s.feePaid > s.feeDue) return 'paid outside 0..due';
  if ((s.closedReason !== null) !== (s.status === 'refused' || s.status === 'stopped')) return 'closedReason vs status';
  if (s.feePaid < s.feeDue && !['fee_required', 'withdrawal_requested', 'stopped'].includes(s.status)) return 'owing outside fee statuses';
  if ((s.returnedAt !== null) !== (s.status === 'returned')) return 'returnedAt vs status';
  if (s.status === 'returned' && s.decision === null) return 'returned without a decision';
  if (s.receivedAt === null && ['processing', 'decided', 'returned'].includes(s.status)) return 'processed without receipt';
  for (const kind of ['supplement', 'fee', 'withdrawal'] as const) {
    if (s.pauses.filter((p) => p.kind === kind && p.to === null).length > 1) return `two open ${kind} pauses`;
  }
  const closed = s.status === 'refused' || s.status === 'stopped' || s.status === 'returned';
  if (closed && s.pauses.some((p) => p.to === null)) return 'open pause on a closed dossier';
  return null;
}

t.test('random action sequences keep the invariants', async (t) => {
  const stepArb = fc.record({
    /** Mostly an action the table allows from the current status; sometimes any action. */
    any: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    anyAction: fc.constantFrom(...DOSSIER_ACTIONS),
    pick: fc.nat(),
    hours: fc.integer({ min: 1, max: 24 * 20 }),
    workingDays: fc.integer({ min: 0, max: 5 }),
  });
  let applied = 0;
  const seen = new Set<string>();
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
      let s: DossierState | null = null;
      let now = T0;
      for (const { any, anyAction, pick, hours, workingDays } of steps) {
        now = at(hours / 24, now);
        const allowed = actionsFrom(s ? s.status : 'none');
        if (!any && allowed.length === 0) break;
        const action = any ? anyAction : allowed[pick % allowed.length]!;
        const r: TransitionResult = applyTransition(s, action, input(action, {}, now), now, { workingDaysBetween: () => workingDays });
        if (!r.ok) continue;
        applied++;
        const why = broken(r.next);
        if (why) throw new Error(`${why} after ${action}: ${JSON.stringify(r.next)}`);
        if (r.event.payload.toCode !== STATUS_INFO[r.next.status].code) throw new Error('event code');
        seen.add(r.next.status);
        s = r.next;
      }
    }),
    { numRuns: 1000, seed: 20260224 },
  );
  t.ok(applied > 2000, `${applied} transitions applied`);
  t.same([...seen].sort(), [...DOSSIER_STATUSES].sort(), 'every status reached');
});
