/** Which due date judges an extended dossier: the extended one when asked in time, else the original. */
import t from 'tap';
import { decision766Extension, judgedDueAt } from '../../../api/domain/sla/index.ts';
import { at } from './helpers.ts';

const original = at('2026-02-13T17:00'); // Fri before Tết
const extended = at('2026-02-25T17:00');

t.test('never extended: the due date', async (t) => {
  t.same(judgedDueAt({ dueAt: original }), original);
  t.equal(decision766Extension({ dueAt: original, originalDueAt: null }), null);
});

t.test('extended in time: judged against the new date; Decision 766 counts the extension', async (t) => {
  const d = { dueAt: extended, originalDueAt: original, extensionLate: false };
  t.same(judgedDueAt(d), extended);
  t.same(decision766Extension(d), { previousDueAt: original, newDueAt: extended });
});

t.test('extended after the notice deadline: recorded, but judged against the original date', async (t) => {
  const d = { dueAt: extended, originalDueAt: original, extensionLate: true };
  t.same(judgedDueAt(d), original);
  t.equal(decision766Extension(d), null);
});
