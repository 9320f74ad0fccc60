/**
 * Same-day procedures: the step allocations of their internal process fit inside the office day, so
 * that no step is due after the dossier (issue 15, item 7). Dates across Tết and a make-up Saturday.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dueAt, localDayOf } from '../../../api/domain/calendar/index.ts';
import { fitToOfficeDay, officeDayHours, sameDayPath, type SlaGraphNode } from '../../../api/domain/sla/index.ts';
import { processSameDayPath, sameDayStepHours, stepTimes } from '../../../api/workers/sla-times.ts';
import { DEFAULT_SLA_POLICY } from '../../../api/domain/sla/index.ts';
import { at, calendar, fmt } from './helpers.ts';

const bpmn = (id: string) => readFileSync(new URL(`../../../processes/${id}.bpmn`, import.meta.url), 'utf8');
const day = (iso: string) => localDayOf(at(iso).getTime());

t.test('office day hours from the calendar', async (t) => {
  t.equal(officeDayHours(calendar, day('2026-03-02T09:00')), 7.5, 'Mon: 07:30–11:30 and 13:30–17:00');
  t.equal(officeDayHours(calendar, day('2026-01-10T09:00')), 7.5, 'make-up Saturday 10 Jan 2026 is a full working day');
  t.equal(officeDayHours(calendar, day('2026-02-17T09:00')), 0, 'Tết');
  t.equal(officeDayHours(calendar, day('2026-03-07T09:00')), 0, 'an ordinary Saturday');
});

t.test('allocations scaled to fit, rounded down to the minute', async (t) => {
  t.equal(fitToOfficeDay(3, 7, 7.5), 3, 'fits: unchanged');
  t.equal(fitToOfficeDay(1, 8, 7.5), 56 / 60);
  t.equal(fitToOfficeDay(3, 8, 7.5), 168 / 60);
  t.equal(fitToOfficeDay(2, 8, 7.5), 112 / 60);
  const total = [1, 3, 2, 2].reduce((s, h) => s + fitToOfficeDay(h, 8, 7.5), 0);
  t.ok(total <= 7.5, `the steps total ${total} h ≤ 7.5 h`);
  t.equal(fitToOfficeDay(0.001, 8, 7.5), 1 / 60, 'never below a minute');
});

t.test('the same-day path of a process graph stops at a limit in working days', async (t) => {
  const n = (id: string, next: string[], jobType?: string, headers: Record<string, string> = {}): [string, SlaGraphNode] => [id, { id, jobType, headers, next }];
  const nodes = new Map([
    n('start', ['s1']), n('s1', ['clock'], 'sla-step', { slaHours: '2' }), n('clock', ['s2'], 'sla-start', { timeLimit: 'sameDay' }),
    n('s2', ['gw'], 'sla-step', { slaHours: '6' }), n('gw', ['verify', 'end']), n('verify', ['s3'], 'sla-start', { timeLimit: 'workingDays:3' }),
    n('s3', ['end'], 'sla-step', { slaHours: '16' }), n('end', []),
  ]);
  const path = sameDayPath(nodes, ['start']);
  t.same(path && [...path.steps], [['s1', 2], ['s2', 6]]);
  t.equal(path?.totalHours, 8);
  nodes.set('clock', { id: 'clock', jobType: 'sla-start', headers: { timeLimit: 'workingDays:3' }, next: ['s2'] });
  t.equal(sameDayPath(nodes, ['start']), null, 'not a same-day process');
});

t.test('the shipped same-day processes allot 8 h: read from the BPMN', async (t) => {
  for (const id of ['birth-registration', 'death-registration', 'marriage-registration', 'copy-certification']) {
    const path = await processSameDayPath(bpmn(id), `motcua-${id}`, { sameDay: true });
    t.equal(path?.totalHours, 8, id);
    t.same([...path!.steps.keys()].sort(), ['Task_appraisal', 'Task_approval', 'Task_reception', 'Task_return'], `${id}: its steps; the verification keeps its own allocation`);
  }
  t.equal(await processSameDayPath(bpmn('birth-registration'), 'motcua-birth-registration'), null, 'a business-level diagram alone does not say it is same-day: the catalogue does');
  t.equal(await processSameDayPath(bpmn('household-business-registration'), 'motcua-household-business-registration'), null, 'a 3-day procedure is not scaled');
});

/** The four steps of a same-day dossier run back to back from `start`; returns each step's due. */
async function run(start: Date, scaled: boolean): Promise<string[]> {
  const path = await processSameDayPath(bpmn('birth-registration'), 'motcua-birth-registration', { sameDay: true });
  const dues: string[] = [];
  let cursor = start;
  for (const [id, hours] of path!.steps) {
    const h = scaled ? sameDayStepHours(calendar, cursor, id, hours, path) : hours;
    cursor = stepTimes(calendar, cursor, h, DEFAULT_SLA_POLICY).due;
    dues.push(fmt(cursor)!);
  }
  return dues;
}

t.test('every step of a same-day dossier is due by the dossier\'s own due time', async (t) => {
  const cases = [
    { start: '2026-03-02T07:30', label: 'an ordinary Monday' },
    { start: '2026-01-10T07:30', label: 'the make-up Saturday 10 Jan 2026' },
    { start: '2026-02-13T07:30', label: 'Fri 13 Feb 2026, the eve of Tết' },
  ];
  for (const c of cases) {
    const start = at(c.start);
    const due = dueAt(calendar, start, { kind: 'sameDay' });
    const scaled = await run(start, true);
    t.equal(scaled.at(-1)!.slice(0, 10), fmt(due)!.slice(0, 10), `${c.label}: the last step is due on the dossier's day (${scaled.at(-1)})`);
    t.ok(scaled.every((d) => d <= fmt(due)!), `${c.label}: no step after the dossier`);
    const raw = await run(start, false);
    t.ok(raw.at(-1)! > fmt(due)!, `${c.label}: unscaled, the last step fell after it (${raw.at(-1)})`);
  }
  t.same(await run(at('2026-02-13T07:30'), false).then((d) => d.at(-1)), '2026-02-23T08:00:00+07:00', 'unscaled: half an hour into the first day after Tết');
});

t.test('steps of other procedures, or off the path, keep their allocation', async (t) => {
  const path = await processSameDayPath(bpmn('death-registration'), 'motcua-death-registration');
  t.equal(sameDayStepHours(calendar, at('2026-03-02T07:30'), 'Task_sla_verification', 16, path), 16);
  t.equal(sameDayStepHours(calendar, at('2026-03-02T07:30'), 'Task_sla_appraisal', 12, null), 12);
});
