import fc from 'fast-check';
import t from 'tap';
import type { TimeLimit } from '../../../api/domain/calendar/index.ts';
import {
  acceptDossier, classifyFinished, classifyOpen, DEFAULT_SLA_POLICY, decision766ForClock, finishDossier, receiveSupplement,
  requestSupplement, supplementRequestDeadline,
} from '../../../api/domain/sla/index.ts';
import { calendar, codeOf, unwrap } from './helpers.ts';

const policy = DEFAULT_SLA_POLICY;
const FROM = Date.parse('2025-01-01T00:00:00+07:00') / 60_000;
const TO = Date.parse('2027-12-01T00:00:00+07:00') / 60_000;
const instant = fc.integer({ min: FROM, max: TO }).map((m) => new Date(m * 60_000));
const offset = fc.integer({ min: 0, max: 60 * 24 * 40 }).map((m) => m * 60_000);
const limit: fc.Arbitrary<TimeLimit> = fc.oneof(
  fc.integer({ min: 1, max: 20 }).map((days) => ({ kind: 'workingDays', days }) as TimeLimit),
  fc.integer({ min: 1, max: 80 }).map((hours) => ({ kind: 'workingHours', hours }) as TimeLimit),
  fc.constant({ kind: 'sameDay' } as TimeLimit),
);
const runs = { numRuns: 300 };
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

t.test('a supplement never brings the due date forward, and a second request is always refused', async (t) => {
  fc.assert(fc.property(instant, limit, offset, offset, (received, l, o1, o2) => {
    const clock = acceptDossier(calendar, received, l);
    const request = requestSupplement(calendar, clock, plus(received, o1), policy);
    const windowEnd = supplementRequestDeadline(calendar, clock, policy);
    if (!request.ok) return request.error.code === 'SUPPLEMENT_WINDOW_PASSED' && plus(received, o1) > windowEnd;
    if (codeOf(requestSupplement(calendar, request.value, plus(received, o1 + o2), policy)) !== 'SUPPLEMENT_ALREADY_REQUESTED') return false;
    const back = receiveSupplement(calendar, request.value, plus(received, o1 + o2));
    if (!back.ok) return back.error.code === 'SUPPLEMENT_DEADLINE_PASSED';
    return back.value.dueAt! >= clock.dueAt! && back.value.pauses.every((p) => p.to !== null);
  }), runs);
  t.pass();
});

t.test('without pauses, Decision 766 on time ⇔ not late by the due date', async (t) => {
  fc.assert(fc.property(instant, limit, offset, (received, l, o) => {
    const finished = unwrap(finishDossier(acceptDossier(calendar, received, l), plus(received, o)));
    const result = decision766ForClock(calendar, finished, plus(received, o));
    return result.onTime === (classifyFinished(finished.dueAt!, finished.finishedAt!) !== 'late');
  }), runs);
  t.pass();
});

t.test('on time under Decision 766 ⇒ net working time ≤ allowed working time', async (t) => {
  fc.assert(fc.property(instant, limit, offset, offset, offset, (received, l, o1, o2, o3) => {
    const clock = acceptDossier(calendar, received, l);
    const paused = requestSupplement(calendar, clock, plus(received, o1), policy);
    if (!paused.ok) return true;
    const back = receiveSupplement(calendar, paused.value, plus(received, o1 + o2));
    if (!back.ok) return true;
    const result = decision766ForClock(calendar, unwrap(finishDossier(back.value, plus(received, o1 + o2 + o3))), new Date(0));
    return !result.onTime || result.netWorkingMs <= result.allowedWorkingMs;
  }), runs);
  t.pass();
});

t.test('open status only moves forward: in time → due soon → overdue', async (t) => {
  const rank = { in_time: 0, due_soon: 1, overdue: 2 } as const;
  fc.assert(fc.property(instant, limit, offset, offset, fc.integer({ min: 0, max: 40 }), (received, l, a, b, hours) => {
    const clock = acceptDossier(calendar, received, l);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const threshold = { kind: 'workingHours', hours } as const;
    const s1 = classifyOpen(calendar, received, clock.dueAt!, plus(received, lo), threshold);
    const s2 = classifyOpen(calendar, received, clock.dueAt!, plus(received, hi), threshold);
    return rank[s1] <= rank[s2];
  }), runs);
  t.pass();
});
