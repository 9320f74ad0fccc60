import t from 'tap';
import { checkRating, isRatable, RATING_CRITERIA, RATING_GRADES, GRADE_LABELS } from '../../../api/domain/rating/index.ts';

const all = (grade: string) => Object.fromEntries(RATING_CRITERIA.map((c) => [c.key, grade]));

t.test('the criteria: nine, unique keys, each labelled in Vietnamese and English; three graded levels', async (t) => {
  t.equal(RATING_CRITERIA.length, 9);
  t.equal(new Set(RATING_CRITERIA.map((c) => c.key)).size, 9, 'unique keys');
  for (const c of RATING_CRITERIA) t.ok(c.vi.length > 5 && c.en.length > 5, `${c.key} labelled`);
  t.same(RATING_GRADES.map((g) => GRADE_LABELS[g].vi), ['Rất hài lòng', 'Hài lòng', 'Không hài lòng']);
});

t.test('a complete rating; dissatisfied when any criterion is "not satisfied"; the comment trimmed', async (t) => {
  const ok = checkRating({ scores: all('satisfied'), comment: '  Tốt.  ' });
  t.ok(ok.ok);
  if (ok.ok) t.same({ dissatisfied: ok.rating.dissatisfied, comment: ok.rating.comment }, { dissatisfied: false, comment: 'Tốt.' });
  const bad = checkRating({ scores: { ...all('very_satisfied'), visits: 'not_satisfied' }, comment: '   ' });
  t.ok(bad.ok && bad.rating.dissatisfied && bad.rating.comment === null);
});

t.test('every problem named: missing, unknown grade, unknown criterion, no scores, long comment', async (t) => {
  const r = checkRating({ scores: { ...all('satisfied'), visits: undefined, staff_conduct: 'meh', colour: 'satisfied' } });
  t.notOk(r.ok);
  if (!r.ok) t.same(r.problems.map((p) => p.field).sort(), ['scores.colour', 'scores.staff_conduct', 'scores.visits']);
  const none = checkRating({ scores: ['satisfied'], comment: 'x'.repeat(1001) });
  if (!none.ok) t.same(none.problems.map((p) => p.field), ['scores', 'comment']);
  else t.fail('refused');
});

t.test('only a returned dossier can be rated', async (t) => {
  t.ok(isRatable('returned'));
  for (const s of ['registered', 'accepted', 'processing', 'decided', 'refused', 'stopped']) t.notOk(isRatable(s), s);
});
