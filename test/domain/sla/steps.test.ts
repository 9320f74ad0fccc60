import t from 'tap';
import { planSteps, stepDueAt, stepStatus, validateProcessSteps, type ProcessStep } from '../../../api/domain/sla/index.ts';
import { at, calendar, fmt } from './helpers.ts';

const steps: ProcessStep[] = [
  { code: 'TIEP_NHAN', nameVi: 'Tiếp nhận', allocationHours: 4 },
  { code: 'THAM_DINH', nameVi: 'Thẩm định', nameEn: 'Appraisal', allocationHours: 12 },
  { code: 'PHE_DUYET', nameVi: 'Phê duyệt', allocationHours: 4 },
  { code: 'TRA_KQ', nameVi: 'Trả kết quả', allocationHours: 2.5 },
];

t.test('step due times from allocations', async (t) => {
  t.equal(fmt(stepDueAt(calendar, at('2026-03-02T16:00'), 2)), '2026-03-03T08:30:00+07:00');
  t.equal(fmt(stepDueAt(calendar, at('2026-03-07T10:00'), 1)), '2026-03-09T08:30:00+07:00', 'started on Saturday');
  t.equal(fmt(stepDueAt(calendar, at('2026-02-13T16:00'), 2)), '2026-02-23T08:30:00+07:00', 'across Tết');
});

t.test('planning steps one after another', async (t) => {
  const plan = planSteps(calendar, at('2026-03-02T07:30'), steps);
  t.same(plan.map((p) => [p.code, fmt(p.startAt), fmt(p.dueAt)]), [
    ['TIEP_NHAN', '2026-03-02T07:30:00+07:00', '2026-03-02T11:30:00+07:00'],
    ['THAM_DINH', '2026-03-02T11:30:00+07:00', '2026-03-04T08:30:00+07:00'], // 3.5 + 7.5 + 1 h
    ['PHE_DUYET', '2026-03-04T08:30:00+07:00', '2026-03-04T14:30:00+07:00'],
    ['TRA_KQ', '2026-03-04T14:30:00+07:00', '2026-03-04T17:00:00+07:00'], // 22.5 h = 3 office days
  ]);
  t.same(planSteps(calendar, at('2026-03-02T07:30'), []), []);
});

t.test('step status', async (t) => {
  const step = { startedAt: at('2026-03-02T07:30'), dueAt: at('2026-03-04T09:30'), finishedAt: null };
  const h2 = { kind: 'workingHours', hours: 2 } as const;
  t.equal(stepStatus(calendar, step, at('2026-03-03T10:00'), h2), 'in_time');
  t.equal(stepStatus(calendar, step, at('2026-03-03T16:30'), h2), 'in_time', '0.5 h Tue + 2 h Wed = 2.5 h left > 2 h');
  t.equal(stepStatus(calendar, step, at('2026-03-04T07:30'), h2), 'due_soon', 'exactly 2 h left');
  t.equal(stepStatus(calendar, step, at('2026-03-03T20:00'), h2), 'due_soon', 'evening: the night does not count');
  t.equal(stepStatus(calendar, step, at('2026-03-04T09:31'), h2), 'overdue');
  t.equal(stepStatus(calendar, { ...step, finishedAt: at('2026-03-03T15:00') }, at('2026-03-05T07:30'), h2), 'early');
  t.equal(stepStatus(calendar, { ...step, finishedAt: at('2026-03-04T09:00') }, at('2026-03-05T07:30'), h2), 'on_time');
  t.equal(stepStatus(calendar, { ...step, finishedAt: at('2026-03-04T10:00') }, at('2026-03-05T07:30'), h2), 'late');
});

t.test('validating a process against the legal limit', async (t) => {
  const three = { kind: 'workingDays', days: 3 } as const;
  t.same(validateProcessSteps(steps, three, 8), [], '22.5 h ≤ 24 h');
  t.same(validateProcessSteps(steps, three, 7.5), [], '22.5 h ≤ 22.5 h');
  t.same(validateProcessSteps(steps, { kind: 'workingHours', hours: 20 }, 8).map((e) => `${e.field}:${e.code}`), ['steps:TOTAL_EXCEEDS_LIMIT']);
  t.same(validateProcessSteps(steps, { kind: 'sameDay' }, 8).map((e) => e.code), ['TOTAL_EXCEEDS_LIMIT']);
  const bad: ProcessStep[] = [{ code: 'A', nameVi: 'a', allocationHours: 0 }, { code: 'A', nameVi: 'b', allocationHours: 1 }, { code: ' ', nameVi: 'c', allocationHours: Number.NaN }];
  t.same(validateProcessSteps(bad, three, 8).map((e) => `${e.field}:${e.code}`), [
    'steps[0].allocationHours:INVALID_ALLOCATION', 'steps[1].code:INVALID_CODE', 'steps[2].code:INVALID_CODE', 'steps[2].allocationHours:INVALID_ALLOCATION',
  ]);
});
