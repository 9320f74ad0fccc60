import t from 'tap';
import { DEFAULT_SLA_POLICY, validateSlaPolicy, type SlaPolicy } from '../../../api/domain/sla/index.ts';

const fields = (p: SlaPolicy) => validateSlaPolicy(p).map((e) => `${e.field}:${e.code}`);

t.test('the default policy is Decree 118', async (t) => {
  t.same(validateSlaPolicy(DEFAULT_SLA_POLICY), []);
  t.equal(DEFAULT_SLA_POLICY.supplementRequestWindowWorkingDays, 3);
  t.same(DEFAULT_SLA_POLICY.supplementWait, { days: 15, unit: 'calendar' });
  t.equal(DEFAULT_SLA_POLICY.extensionNoticeWorkingDays, 1);
  t.equal(DEFAULT_SLA_POLICY.onlineReviewWorkingHours, 8);
  t.same(DEFAULT_SLA_POLICY.onlineReviewDueSoon, { kind: 'workingHours', hours: 2 });
});

t.test('validation names each field', async (t) => {
  const p = DEFAULT_SLA_POLICY;
  t.same(fields({ ...p, supplementRequestWindowWorkingDays: 0 }), ['supplementRequestWindowWorkingDays:INVALID_NUMBER']);
  t.same(fields({ ...p, supplementWait: { days: 1.5, unit: 'calendar' } }), ['supplementWait.days:INVALID_NUMBER']);
  t.same(fields({ ...p, supplementWait: { days: 15, unit: 'weeks' as never } }), ['supplementWait.unit:INVALID_UNIT']);
  t.same(fields({ ...p, extensionNoticeWorkingDays: -1 }), ['extensionNoticeWorkingDays:INVALID_NUMBER']);
  t.same(fields({ ...p, onlineReviewWorkingHours: 1000 }), ['onlineReviewWorkingHours:INVALID_NUMBER']);
  t.same(fields({ ...p, dueSoon: { kind: 'fraction', fraction: 1.5 } }), ['dueSoon:INVALID_THRESHOLD']);
  t.same(fields({ ...p, dueSoon: { kind: 'workingHours', hours: -1 } }), ['dueSoon:INVALID_THRESHOLD']);
  t.same(fields({ ...p, dueSoon: { kind: 'days' } as never }), ['dueSoon:INVALID_THRESHOLD']);
  t.same(fields({ ...p, dueSoon: { kind: 'fraction', fraction: 0.2 } }), []);
  t.same(fields({ ...p, onlineReviewDueSoon: { kind: 'workingHours', hours: Number.NaN } }), ['onlineReviewDueSoon:INVALID_THRESHOLD']);
  t.match(validateSlaPolicy({ ...p, supplementWait: { days: 0, unit: 'working' } })[0], { vi: /số nguyên/, en: /integer/ });
});
