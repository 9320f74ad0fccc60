/**
 * When the scale generator's open dossiers were received (`bench/scale/generate.ts`): the templates in the
 * latest office hours their work fits in before "now", the clones mostly with them (spread over the quarter hours
 * before), some weeks before.
 */
import t from 'tap';
import { openAgeWeeks, spreadMinutes, templateStart } from '../../bench/scale/generate.ts';

const vn = (iso: string) => new Date(`${iso}+07:00`);

t.test('the templates: the latest office hours at least three hours before now', async (t) => {
  t.same(templateStart(vn('2026-12-02T15:00')), vn('2026-12-02T12:00'), 'a Wednesday afternoon: three hours before');
  t.same(templateStart(vn('2026-12-02T21:30')), vn('2026-12-02T16:30'), 'the evening: at the close of office hours');
  t.same(templateStart(vn('2026-12-02T10:00')), vn('2026-12-01T16:30'), 'a morning: the day before, at its close');
  t.same(templateStart(vn('2026-12-07T10:00')), vn('2026-12-04T16:30'), 'a Monday morning: the Friday');
  t.same(templateStart(vn('2026-12-06T12:00')), vn('2026-12-04T16:30'), 'a Sunday: the Friday');
  t.same(templateStart(vn('2026-12-07T11:30')), vn('2026-12-07T08:30'), 'a Monday at 11:30: its opening');
  for (let h = 0; h < 24 * 14; h += 1) {
    const now = new Date(vn('2026-11-30T00:00').getTime() + h * 3_600_000);
    const at = templateStart(now);
    const wall = new Date(at.getTime() + 7 * 3_600_000);
    const minutes = wall.getUTCHours() * 60 + wall.getUTCMinutes();
    if (now.getTime() - at.getTime() < 3 * 3_600_000 || now.getTime() - at.getTime() > 4 * 86_400_000 || [0, 6].includes(wall.getUTCDay()) || minutes < 510 || minutes > 990) {
      t.fail(`${now.toISOString()}: ${at.toISOString()}`);
      return;
    }
  }
  t.pass('every hour of two weeks: a weekday, in office hours, 3 hours to 4 days before');
});

t.test('the clones: most with the templates, fewer each week before', async (t) => {
  const n = 10_000;
  const weeks = Array.from({ length: n }, (_, i) => openAgeWeeks(i));
  const share = (w: number) => weeks.filter((x) => x === w).length / n;
  t.ok(Math.abs(share(0) - 0.7) < 0.01, `with the templates: ${share(0)}`);
  for (let w = 1; w <= 5; w++) t.ok(share(w) <= share(w - 1), `week ${w} no more than week ${w - 1}: ${share(w)}`);
  t.ok(share(5) > 0, 'some five weeks old');
  t.equal(Math.max(...weeks), 5, 'none older');
  t.same(openAgeWeeks(1234), openAgeWeeks(1234), 'the same for every run');
});

t.test('the clones: spread over the quarter hours before the templates, within their day\'s office hours', async (t) => {
  const spread = (start: Date) => new Set(Array.from({ length: 5000 }, (_, i) => spreadMinutes(i, start)));
  const afternoon = spread(vn('2026-12-02T16:30'));
  t.same([...afternoon].sort((a, b) => a - b), Array.from({ length: 13 }, (_, k) => -180 + 15 * k), 'at the close: 13 quarter hours, up to three hours before');
  const morning = spread(vn('2026-12-02T09:15'));
  t.same([...morning].sort((a, b) => a - b), [-45, -30, -15, 0], 'at 09:15: not before the 08:30 opening');
  t.same([...spread(vn('2026-12-07T08:30'))], [0], 'at the opening: with the templates');
  const counts = new Map<number, number>();
  for (let i = 0; i < 13_000; i++) { const m = spreadMinutes(i, vn('2026-12-02T16:30')); counts.set(m, (counts.get(m) ?? 0) + 1); }
  t.ok([...counts.values()].every((c) => c > 900 && c < 1100), `about evenly: ${[...counts.values()].join(' ')}`);
});
