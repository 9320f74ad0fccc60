import t from 'tap';
import { blankState, type DossierState, type DossierStatus } from '../../../api/domain/dossier/index.ts';
import { nextStep, supplementOpen } from '../../../api/domain/lookup/next-step.ts';

const now = new Date('2026-03-04T02:00:00Z');
const state = (status: DossierStatus, extra: Partial<DossierState> = {}): DossierState => ({ ...blankState('XADEMO-260302-0001', 'in_person', new Date('2026-03-02T02:00:00Z')), status, ...extra });

t.test('each status tells the citizen what to do next', async (t) => {
  const kinds = Object.fromEntries((['registered', 'accepted', 'processing', 'withdrawal_requested', 'fee_required', 'decided', 'returned', 'refused', 'stopped'] as const)
    .map((s) => [s, nextStep(state(s), now).kind]));
  t.same(kinds, {
    registered: 'wait_review', accepted: 'wait', processing: 'wait', withdrawal_requested: 'wait', fee_required: 'pay_fee',
    decided: 'collect', returned: 'rate', refused: 'closed', stopped: 'closed',
  });
  t.equal(nextStep(state('fee_required', { feeDue: 50_000, feePaid: 20_000 }), now).feeOwed, 30_000, 'the fee still owed');
});

t.test('a supplement: what is missing, until when, and whether it can still be given online', async (t) => {
  const due = new Date('2026-03-20T10:00:00Z');
  const waiting = state('supplement_requested', { supplementDueAt: due });
  const step = nextStep(waiting, now, { items: ['Bản sao giấy chứng sinh'], reason: 'Thiếu' });
  t.same(step, { kind: 'supplement', items: ['Bản sao giấy chứng sinh'], reason: 'Thiếu', supplementDueAt: due, canUploadOnline: true });
  t.equal(supplementOpen(waiting, new Date(due.getTime() - 1)), true, 'open until the last moment');
  t.equal(supplementOpen(waiting, due), false, 'closed at the deadline');
  t.equal(nextStep(waiting, due).canUploadOnline, false);
  t.equal(supplementOpen(state('processing'), now), false, 'not waiting for a supplement');
});
