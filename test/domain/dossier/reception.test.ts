import t from 'tap';
import { applyTransition, type TransitionResult } from '../../../api/domain/dossier/index.ts';
import { at, input, ONE_DAY, stateIn, step, T0 } from './fixtures.ts';

const code = (r: TransitionResult): string => (r.ok ? 'ok' : r.error.code);

t.test('online path: register, accept, the clock starts at acceptance', async (t) => {
  const s = step(null, 'register_online');
  t.equal(s.status, 'registered');
  t.equal(s.channel, 'online');
  t.equal(s.receivedAt, null);
  const now = at(0.1);
  const r = applyTransition(s, 'accept', input('accept', {}, now), now);
  t.ok(r.ok);
  if (!r.ok) return;
  t.equal(r.next.receivedAt, now);
  t.same(r.next.dueAt, at(5, now));
  t.equal(r.event.type, 'dossier.accepted');
  t.equal(r.event.payload.fromCode, 1);
  t.equal(r.event.payload.toCode, 2);
});

t.test('paper reception creates an accepted dossier with the channel and due date', async (t) => {
  const r = applyTransition(null, 'receive', input('receive', { channel: 'post' }), T0);
  t.ok(r.ok);
  if (!r.ok) return;
  t.equal(r.next.status, 'accepted');
  t.equal(r.next.channel, 'post');
  t.equal(r.next.receivedAt, T0);
  t.equal(r.event.payload.fromCode, 0);
  t.same(r.event.payload.actor, { roles: ['receptionist'], id: 'u1' });
  t.equal(code(applyTransition(null, 'receive', input('receive', { channel: 'online' as never }), T0)), 'INVALID_INPUT');
  t.equal(code(applyTransition(null, 'receive', input('receive', { dueAt: T0 }), T0)), 'INVALID_INPUT');
  t.equal(code(applyTransition(null, 'receive', input('receive', { dueAt: new Date('x') }), T0)), 'INVALID_INPUT');
  t.equal(code(applyTransition(null, 'receive', input('receive', { code: '  ' }), T0)), 'INVALID_INPUT');
});

t.test('refusal needs at least one non-blank reason', async (t) => {
  const s = stateIn('registered');
  const none = applyTransition(s, 'refuse', input('refuse', { reasons: [] }), T0);
  t.equal(code(none), 'INVALID_INPUT');
  if (!none.ok) {
    t.equal(none.error.status, 422);
    t.equal(none.error.field, 'reasons');
  }
  const blank = applyTransition(s, 'refuse', input('refuse', { reasons: ['Thiếu tờ khai', ' '] }), T0);
  t.equal(!blank.ok && blank.error.field, 'reasons[1]');
  const r = applyTransition(s, 'refuse', input('refuse', { reasons: [' Không đúng thẩm quyền '] }), T0);
  t.ok(r.ok);
  if (!r.ok) return;
  t.equal(r.next.status, 'refused');
  t.equal(r.next.closedReason, 'refused');
  t.same(r.event.payload.reasons, ['Không đúng thẩm quyền']);
});

t.test('refusal at the counter needs a code and a channel', async (t) => {
  t.equal(code(applyTransition(null, 'refuse', input('refuse', { code: undefined }), T0)), 'INVALID_INPUT');
  t.equal(code(applyTransition(null, 'refuse', input('refuse', { channel: undefined }), T0)), 'INVALID_INPUT');
  const r = applyTransition(null, 'refuse', input('refuse', { channel: 'post' }), T0);
  t.equal(r.ok && r.next.channel, 'post');
});

t.test('a supplement may be requested only once', async (t) => {
  let s = step(stateIn('accepted'), 'request_supplement');
  t.equal(s.supplementRequests, 1);
  s = step(s, 'receive_supplement', at(1));
  s = step(s, 'start_processing', at(1));
  const r = applyTransition(s, 'request_supplement', input('request_supplement', {}, at(1)), at(1), ONE_DAY);
  t.equal(code(r), 'SUPPLEMENT_ALREADY_REQUESTED');
  if (!r.ok) t.equal(r.error.status, 409);
});

t.test('after receipt, a supplement must be requested within 3 working days', async (t) => {
  const s = stateIn('processing');
  const now = at(6);
  const req = input('request_supplement', {}, now);
  const seen: Array<[Date, Date]> = [];
  const three = applyTransition(s, 'request_supplement', req, now, {
    workingDaysBetween: (a, b) => { seen.push([a, b]); return 3; },
  });
  t.ok(three.ok, '3 working days is still in time');
  t.same(seen, [[T0, now]], 'counted from receipt to now');
  const four = applyTransition(s, 'request_supplement', req, now, { workingDaysBetween: () => 4 });
  t.equal(code(four), 'SUPPLEMENT_WINDOW_PASSED');
  t.equal(code(applyTransition(s, 'request_supplement', req, now)), 'WORKING_TIME_UNAVAILABLE');
});

t.test('before acceptance an online supplement request needs no calendar', async (t) => {
  const r = applyTransition(stateIn('registered'), 'request_supplement', input('request_supplement'), T0);
  t.ok(r.ok);
  t.equal(code(applyTransition(stateIn('registered'), 'request_supplement', input('request_supplement', { items: [] }), T0)), 'INVALID_INPUT');
});

t.test('the complete supplement resumes the dossier and restarts the clock', async (t) => {
  const s = step(stateIn('processing'), 'request_supplement', at(1));
  t.equal(s.resumeTo.supplement, 'processing');
  t.equal(s.pauses.length, 1);
  const now = at(3);
  t.equal(code(applyTransition(s, 'receive_supplement', input('receive_supplement', { dueAt: undefined }, now), now)), 'INVALID_INPUT');
  const r = applyTransition(s, 'receive_supplement', input('receive_supplement', {}, now), now);
  t.ok(r.ok);
  if (!r.ok) return;
  t.equal(r.next.status, 'processing');
  t.same(r.next.dueAt, at(25, now), 'new due date');
  t.equal(r.next.supplementDueAt, null);
  t.same(r.next.pauses, [{ kind: 'supplement', from: at(1), to: now }]);
});

t.test('a supplement before acceptance goes back to registered without a due date', async (t) => {
  const s = step(stateIn('registered'), 'request_supplement');
  const r = applyTransition(s, 'receive_supplement', input('receive_supplement', { dueAt: undefined }), at(1));
  t.equal(r.ok && r.next.status, 'registered');
  t.equal(r.ok && r.next.dueAt, null);
});

t.test('an unsupplemented dossier is closed only after the supplement deadline', async (t) => {
  const s = stateIn('supplement_requested')!;
  const early = applyTransition(s, 'close_unsupplemented', input('close_unsupplemented'), at(14));
  t.equal(code(early), 'SUPPLEMENT_PERIOD_NOT_OVER');
  const r = applyTransition(s, 'close_unsupplemented', input('close_unsupplemented'), at(15));
  t.ok(r.ok);
  if (!r.ok) return;
  t.equal(r.next.status, 'stopped');
  t.equal(r.next.closedReason, 'unsupplemented');
  t.same(r.next.pauses[0]?.to, at(15));
});
