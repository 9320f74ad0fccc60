/**
 * Checking a rating (pure): every criterion graded with a known grade, nothing else; whether the
 * dossier may be rated yet (only once its result was returned); whether the rating counts as a
 * dislike for the Decision 766 satisfaction group (any criterion "not satisfied").
 */
import { RATING_COMMENT_MAX, RATING_CRITERIA, RATING_GRADES, type RatingGrade } from './criteria.ts';

export interface RatingProblem {
  field: string;
  vi: string;
  en: string;
}

export interface RatingInput {
  scores?: unknown;
  comment?: unknown;
}

export interface CheckedRating {
  scores: Record<string, RatingGrade>;
  comment: string | null;
  dissatisfied: boolean;
}

const isGrade = (v: unknown): v is RatingGrade => typeof v === 'string' && (RATING_GRADES as readonly string[]).includes(v);

/** The rating, or the problems of each bad field (`scores.<key>`, `comment`). */
export function checkRating(input: RatingInput): { ok: true; rating: CheckedRating } | { ok: false; problems: RatingProblem[] } {
  const problems: RatingProblem[] = [];
  const raw = input.scores;
  const scores: Record<string, RatingGrade> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ field: 'scores', vi: 'là trường bắt buộc: chấm từng tiêu chí', en: 'is required: grade each criterion' });
  } else {
    const given = raw as Record<string, unknown>;
    for (const c of RATING_CRITERIA) {
      const v = given[c.key];
      if (v === undefined || v === null || v === '') problems.push({ field: `scores.${c.key}`, vi: 'chưa chọn mức đánh giá', en: 'no grade chosen' });
      else if (!isGrade(v)) problems.push({ field: `scores.${c.key}`, vi: 'mức đánh giá không hợp lệ', en: 'is not a valid grade' });
      else scores[c.key] = v;
    }
    for (const k of Object.keys(given)) {
      if (!RATING_CRITERIA.some((c) => c.key === k)) problems.push({ field: `scores.${k}`, vi: 'không phải tiêu chí đánh giá', en: 'is not a rating criterion' });
    }
  }
  let comment: string | null = null;
  if (input.comment !== undefined && input.comment !== null) {
    if (typeof input.comment !== 'string') problems.push({ field: 'comment', vi: 'phải là chuỗi ký tự', en: 'must be text' });
    else if (input.comment.trim().length > RATING_COMMENT_MAX) problems.push({ field: 'comment', vi: `tối đa ${RATING_COMMENT_MAX} ký tự`, en: `at most ${RATING_COMMENT_MAX} characters` });
    else comment = input.comment.trim().normalize('NFC') || null;
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, rating: { scores, comment, dissatisfied: Object.values(scores).includes('not_satisfied') } };
}

/** A dossier may be rated once its result was returned to the applicant (status `returned`). */
export function isRatable(status: string): boolean {
  return status === 'returned';
}
