/**
 * The diagram's issues as a list beside the markers (the text alternative of the markers): each
 * names its element and where it comes from; choosing one selects the element in the editor.
 */
import { useT } from '../shared/i18n.ts';
import type { Issue } from './editor.ts';

export function IssueList({ issues, checking, onSelect }: { issues: Issue[] | null; checking: boolean; onSelect: (id: string) => void }) {
  const t = useT().modeler;
  const shown = (issues ?? []).filter((i) => i.category !== 'info');
  const errors = shown.filter((i) => i.category === 'error').length;
  return (
    <section class="card md-issues" aria-labelledby="md-issues">
      <h2 id="md-issues">{t.issues}</h2>
      <p role="status" class="muted" data-testid="md-issue-count">{checking ? t.checking : issues ? t.counts(errors, shown.length - errors) : ''}</p>
      {issues && !shown.length ? <p class="md-ok">{t.noIssues}</p> : null}
      {shown.length ? (
        <ul class="md-issues__list">
          {shown.map((i, n) => (
            <li key={`${i.id}-${i.rule}-${n}`} class={`md-issue md-issue--${i.category}`} data-element={i.id} data-rule={i.rule}>
              <button type="button" class="linklike" onClick={() => onSelect(i.id)}>{i.id === 'definitions' ? t.whole : i.id}</button>
              {': '}{i.message} <span class="muted">({t.issueSource[i.source]} · {i.rule})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
