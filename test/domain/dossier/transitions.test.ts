import t from 'tap';
import {
  ALL_SOURCES, applyTransition, DOSSIER_ACTIONS, STAFF_ROLES, STATUS_INFO, TRANSITIONS,
  actionsFrom, type ActorRole,
} from '../../../api/domain/dossier/index.ts';
import { input, ONE_DAY, stateIn, T1 } from './fixtures.ts';

const ALL_ACTORS: ActorRole[] = [...STAFF_ROLES, 'applicant', 'system'];

t.test('every allowed (action, source) pair succeeds and lands on a listed target', async (t) => {
  let count = 0;
  for (const action of DOSSIER_ACTIONS) {
    const spec = TRANSITIONS[action];
    for (const source of spec.from) {
      const before = stateIn(source);
      const r = applyTransition(before, action, input(action, {}, T1), T1, ONE_DAY);
      if (!r.ok) {
        t.fail(`${action} from ${source}: ${r.error.code} ${r.error.en}`);
        continue;
      }
      count++;
      t.ok(spec.to.includes(r.next.status), `${action} from ${source} → ${r.next.status}`);
      t.equal(r.event.type, spec.event);
      t.equal(r.event.payload.from, source);
      t.equal(r.event.payload.to, r.next.status);
      t.equal(r.event.payload.toCode, STATUS_INFO[r.next.status].code);
      t.equal(r.event.occurredAt, T1);
    }
  }
  t.equal(count, 33, 'number of allowed pairs in the table');
});

t.test('every forbidden (action, source) pair is refused with TRANSITION_NOT_ALLOWED', async (t) => {
  let count = 0;
  for (const action of DOSSIER_ACTIONS) {
    for (const source of ALL_SOURCES) {
      if (TRANSITIONS[action].from.includes(source)) continue;
      const r = applyTransition(stateIn(source), action, input(action, {}, T1), T1, ONE_DAY);
      count++;
      t.notOk(r.ok, `${action} from ${source} refused`);
      if (r.ok) continue;
      t.equal(r.error.code, 'TRANSITION_NOT_ALLOWED', `${action} from ${source}`);
      t.equal(r.error.status, 409);
      t.equal(r.error.current, source);
      t.equal(r.error.action, action);
      t.match(r.error.vi, TRANSITIONS[action].vi);
      t.match(r.error.en, TRANSITIONS[action].en);
      if (source !== 'none') t.match(r.error.vi, STATUS_INFO[source].vi);
    }
  }
  t.equal(count, DOSSIER_ACTIONS.length * ALL_SOURCES.length - 33);
});

t.test('every role not listed for an action is refused with ROLE_NOT_ALLOWED', async (t) => {
  for (const action of DOSSIER_ACTIONS) {
    const spec = TRANSITIONS[action];
    const source = spec.from[0]!;
    for (const role of ALL_ACTORS.filter((r) => !spec.roles.includes(r))) {
      const r = applyTransition(stateIn(source), action, input(action, { actor: { roles: [role] } }, T1), T1, ONE_DAY);
      t.equal(r.ok ? 'ok' : r.error.code, 'ROLE_NOT_ALLOWED', `${role} may not ${action}`);
      if (!r.ok) t.equal(r.error.status, 403);
    }
  }
  const none = applyTransition(null, 'receive', input('receive', { actor: { roles: [] } }), T1);
  t.equal(none.ok ? 'ok' : none.error.code, 'ROLE_NOT_ALLOWED', 'no roles at all');
});

t.test('the admin role is not a dossier actor', async (t) => {
  t.same(DOSSIER_ACTIONS.filter((a) => TRANSITIONS[a].roles.includes('admin')), []);
});

t.test('an unknown action is refused, not thrown', async (t) => {
  const r = applyTransition(null, 'explode' as never, input('receive') as never, T1);
  t.equal(r.ok ? 'ok' : r.error.code, 'TRANSITION_NOT_ALLOWED');
});

t.test('actionsFrom lists the buttons of a status', async (t) => {
  t.same(actionsFrom('none').sort(), ['receive', 'refuse', 'register_online']);
  t.same(actionsFrom('returned'), ['correct_result']);
  t.same(actionsFrom('stopped'), []);
  t.same(actionsFrom('refused'), []);
});

t.test('a transition never mutates the state it is given', async (t) => {
  const s = stateIn('processing')!;
  const snapshot = structuredClone(s);
  const r = applyTransition(s, 'require_fee', input('require_fee', {}, T1), T1, ONE_DAY);
  t.ok(r.ok);
  t.same(s, snapshot);
  t.not(r.ok && r.next, s);
});
