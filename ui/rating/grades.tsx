/** The nine criteria, each a group of three grades (radio buttons: arrow keys move within a group). */
import { useLang } from '../shared/i18n.ts';

export interface Criterion { key: string; vi: string; en: string }
export interface Grade { key: string; vi: string; en: string }

export const critId = (key: string) => `crit-${key}`;

export function Grades({ criteria, grades, scores, errors, onScore }: {
  criteria: Criterion[]; grades: Grade[]; scores: Record<string, string>; errors: Record<string, string>; onScore: (key: string, grade: string) => void;
}) {
  const lang = useLang();
  return (
    <div class="rating-list">
      {criteria.map((c, i) => {
        const error = errors[`scores.${c.key}`];
        return (
          <fieldset key={c.key} id={critId(c.key)} class={`rating-crit${error ? ' rating-crit--error' : ''}`} aria-describedby={error ? `${critId(c.key)}-error` : undefined}>
            <legend>{i + 1}. {lang === 'vi' ? c.vi : c.en}</legend>
            <div class="rating-grades">
              {grades.map((g) => (
                <label key={g.key} class={`rating-grade rating-grade--${g.key}`}>
                  <input type="radio" name={critId(c.key)} value={g.key} checked={scores[c.key] === g.key} onChange={() => onScore(c.key, g.key)} />
                  <span>{lang === 'vi' ? g.vi : g.en}</span>
                </label>
              ))}
            </div>
            {error ? <p class="error" id={`${critId(c.key)}-error`}>{error}</p> : null}
          </fieldset>
        );
      })}
    </div>
  );
}
