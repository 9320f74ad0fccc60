import t from 'tap';
import { applyTransition, type DossierState, type PaymentMethod, type TransitionResult } from '../../../api/domain/dossier/index.ts';
import { at, input, ONE_DAY, stateIn, step, T0 } from './fixtures.ts';

const code = (r: TransitionResult): string => (r.ok ? 'ok' : r.error.code);
const pay = (s: DossierState | null, amount: number, method: PaymentMethod = 'transfer'): TransitionResult =>
  applyTransition(s, 'record_payment', input('record_payment', { amount, method, reference: 'FT123' }), at(1));

t.test('fees: amount is a positive integer of VND, with a description', async (t) => {
  const s = stateIn('processing');
  for (const amount of [0, -1, 1.5, Number.NaN, '50000' as never]) {
    t.equal(code(applyTransition(s, 'require_fee', input('require_fee', { amount }), T0)), 'INVALID_INPUT', String(amount));
  }
  t.equal(code(applyTransition(s, 'require_fee', input('require_fee', { description: '' }), T0)), 'INVALID_INPUT');
});

t.test('payments: partial stays waiting, full resumes, overpayment is refused', async (t) => {
  const s = step(stateIn('processing'), 'require_fee', T0, { amount: 30_000 });
  t.equal(s.feeDue, 30_000);
  t.equal(s.pauses.length, 1);
  t.equal(code(pay(s, 30_001)), 'PAYMENT_EXCEEDS_DUE');
  t.equal(code(pay(s, -5)), 'INVALID_INPUT');
  t.equal(code(applyTransition(s, 'record_payment', input('record_payment', { method: 'cheque' as never }), T0)), 'INVALID_INPUT');
  const part = pay(s, 10_000);
  t.equal(part.ok && part.next.status, 'fee_required');
  t.equal(part.ok && part.next.feePaid, 10_000);
  t.equal(part.ok && part.event.payload.settled, false);
  if (!part.ok) return;
  const rest = pay(part.next, 20_000, 'online');
  t.ok(rest.ok);
  if (!rest.ok) return;
  t.equal(rest.next.status, 'processing');
  t.equal(rest.next.resumeTo.fee, null);
  t.same(rest.next.payments.map((p) => [p.method, p.amount, p.reference]), [['transfer', 10_000, 'FT123'], ['online', 20_000, 'FT123']]);
  t.same(rest.next.pauses[0]?.to, at(1));
});

t.test('a fee required after the decision must be paid before the result is returned', async (t) => {
  const s = step(stateIn('decided'), 'require_fee');
  t.equal(code(applyTransition(s, 'return_result', input('return_result'), T0)), 'TRANSITION_NOT_ALLOWED');
  const paid = pay(s, 50_000, 'transfer');
  t.equal(paid.ok && paid.next.status, 'decided');
});

t.test('return_result refuses outstanding fees even on an imported state', async (t) => {
  const s = { ...stateIn('decided')!, feeDue: 10_000, feePaid: 0 };
  const r = applyTransition(s, 'return_result', input('return_result'), at(1));
  t.equal(code(r), 'FEE_OUTSTANDING');
  t.equal(code(applyTransition(stateIn('decided'), 'return_result', input('return_result', { mode: 'fax' as never }), T0)), 'INVALID_INPUT');
});

t.test('result return records mode and whether it was early', async (t) => {
  const early = applyTransition(stateIn('decided'), 'return_result', input('return_result', { mode: 'paper' }), at(1));
  t.equal(early.ok && early.next.returnMode, 'paper');
  t.equal(early.ok && early.event.payload.early, true);
  const late = applyTransition(stateIn('decided'), 'return_result', input('return_result'), at(6));
  t.equal(late.ok && late.event.payload.early, false);
  t.same(late.ok && late.next.returnedAt, at(6));
});

t.test('extension: once, with a reason, a later date; both due dates kept; a late one recorded as late', async (t) => {
  const s = stateIn('processing');
  const ok = applyTransition(s, 'extend', input('extend'), at(1), ONE_DAY);
  t.ok(ok.ok);
  if (!ok.ok) return;
  t.same(ok.next.dueAt, at(30));
  t.same(ok.next.originalDueAt, at(5), 'the original due date is kept');
  t.equal(ok.next.extensionLate, false);
  t.equal(ok.event.payload.previousDueAt, at(5).toISOString());
  t.equal(ok.event.payload.late, false);
  const again = applyTransition(ok.next, 'extend', input('extend', { newDueAt: at(40) }), at(2), ONE_DAY);
  t.equal(code(again), 'EXTENSION_ALREADY_USED');
  // Past the notice deadline (less than 1 working day left) the apology is still recorded, marked late.
  const late = applyTransition(s, 'extend', input('extend'), at(4.5), { workingDaysBetween: () => 0 });
  t.ok(late.ok, 'a late apology is recorded');
  t.equal(late.ok && late.event.payload.late, true);
  t.equal(late.ok && late.next.extensionLate, true);
  t.same(late.ok && late.next.originalDueAt, at(5));
  t.equal(code(applyTransition(s, 'extend', input('extend'), at(1))), 'WORKING_TIME_UNAVAILABLE');
  t.equal(code(applyTransition(s, 'extend', input('extend', { newDueAt: at(5) }), at(1), ONE_DAY)), 'INVALID_INPUT');
  t.equal(code(applyTransition(s, 'extend', input('extend', { reason: ' ' }), at(1), ONE_DAY)), 'INVALID_INPUT');
});

t.test('withdrawal: requested and cancelled, the earlier pause is kept', async (t) => {
  const sup = step(stateIn('processing'), 'request_supplement');
  const w = step(sup, 'request_withdrawal', at(1));
  t.equal(w.status, 'withdrawal_requested');
  const back = step(w, 'cancel_withdrawal', at(2));
  t.equal(back.status, 'supplement_requested');
  const resumed = step(back, 'receive_supplement', at(3));
  t.equal(resumed.status, 'processing', 'the supplement still resumes to processing');
  t.same(resumed.pauses.map((p) => p.kind), ['supplement', 'withdrawal']);
  t.ok(resumed.pauses.every((p) => p.to !== null));
});

t.test('stop: after a withdrawal request it is a withdrawal; otherwise a stop; reason required', async (t) => {
  const w = applyTransition(stateIn('withdrawal_requested'), 'stop', input('stop'), at(1));
  t.equal(w.ok && w.next.closedReason, 'withdrawn');
  t.equal(w.ok && w.next.status, 'stopped');
  t.same(w.ok && w.next.pauses.map((p) => p.to), [at(1)]);
  const s = applyTransition(stateIn('processing'), 'stop', input('stop'), at(1));
  t.equal(s.ok && s.next.closedReason, 'stopped');
  t.equal(code(applyTransition(stateIn('processing'), 'stop', input('stop', { reason: '' }), at(1))), 'INVALID_INPUT');
});

t.test('withdrawal and stop are refused once decided', async (t) => {
  for (const source of ['decided', 'returned'] as const) {
    for (const action of ['request_withdrawal', 'stop'] as const) {
      t.equal(code(applyTransition(stateIn(source), action, input(action), at(1))), 'TRANSITION_NOT_ALLOWED', `${action} from ${source}`);
    }
  }
});

t.test('decision: a rejection needs a reason', async (t) => {
  const s = stateIn('processing');
  t.equal(code(applyTransition(s, 'decide', input('decide', { outcome: 'rejected' }), at(1))), 'INVALID_INPUT');
  t.equal(code(applyTransition(s, 'decide', input('decide', { outcome: 'maybe' as never }), at(1))), 'INVALID_INPUT');
  const r = applyTransition(s, 'decide', input('decide', { outcome: 'rejected', reason: 'Không đủ điều kiện' }), at(1));
  t.same(r.ok && r.next.decision, { outcome: 'rejected', reason: 'Không đủ điều kiện', at: at(1) });
  const a = applyTransition(s, 'decide', input('decide'), at(1));
  t.same(a.ok && a.next.decision, { outcome: 'approved', reason: null, at: at(1) });
});

t.test('correction: accepted at any time after the return, due 3 working days after the report', async (t) => {
  const s = stateIn('returned')!;
  const report = { reportedAt: at(30), dueAt: at(33) };
  const inTime = applyTransition(s, 'correct_result', input('correct_result', report), at(32));
  t.equal(inTime.ok && inTime.next.corrections, 1);
  t.equal(inTime.ok && inTime.next.status, 'returned');
  t.match(inTime.ok && inTime.event.payload, { reportedAt: at(30).toISOString(), correctionDueAt: at(33).toISOString(), late: false, correction: 1 });
  const late = applyTransition(s, 'correct_result', input('correct_result', report), at(40));
  t.match(late.ok && late.event.payload, { late: true }, 'a late correction is accepted and recorded as late');
  t.equal(code(applyTransition(s, 'correct_result', input('correct_result', { reportedAt: at(50), dueAt: at(53) }), at(40))), 'INVALID_INPUT', 'reported in the future');
  t.equal(code(applyTransition(s, 'correct_result', input('correct_result', { reportedAt: at(-1, s.returnedAt!), dueAt: at(3) }), at(4))), 'INVALID_INPUT', 'reported before the return');
  t.equal(code(applyTransition(s, 'correct_result', input('correct_result', { description: '' }), at(1), ONE_DAY)), 'INVALID_INPUT');
});

t.test('a whole in-person lifecycle, event by event', async (t) => {
  let s: DossierState | null = null;
  const types: string[] = [];
  const plan = [
    ['receive', 0], ['start_processing', 0.1], ['require_fee', 0.2], ['record_payment', 0.3],
    ['decide', 1], ['return_result', 2], ['correct_result', 3],
  ] as const;
  for (const [action, d] of plan) {
    const r: TransitionResult = applyTransition(s, action, input(action, {}, at(d)), at(d), ONE_DAY);
    if (!r.ok) return t.fail(`${action}: ${r.error.en}`);
    types.push(`${r.event.type}:${r.event.payload.toCode}`);
    s = r.next;
  }
  t.same(types, [
    'dossier.accepted:2', 'dossier.processing_started:4', 'dossier.fee_required:6', 'dossier.payment_recorded:4',
    'dossier.decided:9', 'dossier.result_returned:10', 'dossier.result_corrected:10',
  ]);
});
