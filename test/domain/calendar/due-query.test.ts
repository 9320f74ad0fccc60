import t from 'tap';
import { answerDueQuery, createCalendar, parseDueQuery } from '../../../api/domain/calendar/index.ts';

const cal = createCalendar();
const answer = (q: Record<string, unknown>) => answerDueQuery(cal, q);
const errors = (q: Record<string, unknown>) => {
  const a = answer(q);
  return a.ok ? [] : a.errors.map((e) => `${e.field}:${e.code}`);
};

t.test('answers { dueAt } with +07:00', async (t) => {
  t.same(answer({ from: '2026-02-13T10:00:00+07:00', workingDays: '2' }), { ok: true, body: { dueAt: '2026-02-24T17:00:00+07:00' } });
  t.same(answer({ from: '2026-02-13T03:00:00Z', workingDays: '2' }), { ok: true, body: { dueAt: '2026-02-24T17:00:00+07:00' } }, 'UTC input');
  t.same(answer({ from: '2026-03-02T16:00:00+07:00', workingHours: '4' }), { ok: true, body: { dueAt: '2026-03-03T10:30:00+07:00' } });
  t.same(answer({ from: '2026-03-02T16:00:00+07:00', workingHours: '0.5' }), { ok: true, body: { dueAt: '2026-03-02T16:30:00+07:00' } });
  t.same(answer({ from: '2026-03-02T15:30:00+07:00', sameDay: 'true' }), { ok: true, body: { dueAt: '2026-03-03T17:00:00+07:00' } });
  t.same(answer({ from: '2026-03-02T15:30:00+07:00', sameDay: 'false', workingDays: '1' }), { ok: true, body: { dueAt: '2026-03-03T17:00:00+07:00' } });
});

t.test('field errors', async (t) => {
  t.same(errors({ workingDays: '2' }), ['from:REQUIRED']);
  t.same(errors({ from: '2026-02-13T10:00:00', workingDays: '2' }), ['from:INVALID_INSTANT'], 'no offset');
  t.same(errors({ from: ['2026-02-13T10:00:00Z', 'x'], workingDays: '2' }), ['from:INVALID_INSTANT'], 'repeated parameter');
  t.same(errors({ from: '2026-02-13T10:00:00Z' }), ['workingDays:LIMIT_REQUIRED']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', sameDay: 'false' }), ['workingDays:LIMIT_REQUIRED']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingDays: '0' }), ['workingDays:INVALID_WORKING_DAYS']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingDays: '1.5' }), ['workingDays:INVALID_WORKING_DAYS']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingDays: '-1' }), ['workingDays:INVALID_WORKING_DAYS']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingDays: '1001' }), ['workingDays:INVALID_WORKING_DAYS']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingHours: '0' }), ['workingHours:INVALID_WORKING_HOURS']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingHours: 'abc' }), ['workingHours:INVALID_WORKING_HOURS']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', sameDay: 'yes' }), ['sameDay:INVALID_BOOLEAN']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingDays: '2', workingHours: '3' }), ['workingHours:CONFLICTING_LIMITS']);
  t.same(errors({ from: '2026-02-13T10:00:00Z', workingDays: '2', sameDay: 'true' }), ['sameDay:CONFLICTING_LIMITS']);
  t.same(errors({ from: 'bad', workingDays: 'bad' }), ['from:INVALID_INSTANT', 'workingDays:INVALID_WORKING_DAYS']);
  t.same(errors({ from: '2199-12-31T10:00:00+07:00', workingDays: '10' }), ['from:OUT_OF_SUPPORTED_RANGE']);
});

t.test('errors carry Vietnamese and English', async (t) => {
  const parsed = parseDueQuery({});
  if (parsed.ok) throw new Error('expected errors');
  t.match(parsed.errors[0], { field: 'from', vi: /Thiếu/, en: /Missing/ });
});
