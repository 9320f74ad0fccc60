/**
 * The transition table as Markdown, for the README (a test keeps the two in step).
 */
import { DOSSIER_ACTIONS, TRANSITIONS } from './transitions.ts';

/** One Markdown table row per action: action, label, from, to, roles, event, form. */
export function transitionTableMarkdown(): string {
  const head = ['| action | vi | from | to | roles | event | form |', '|---|---|---|---|---|---|---|'];
  const rows = DOSSIER_ACTIONS.map((a) => {
    const s = TRANSITIONS[a];
    return `| \`${a}\` | ${s.vi} | ${s.from.join(', ')} | ${[...new Set(s.to)].join(', ')} | ${s.roles.join(', ')} | \`${s.event}\` | ${s.form ?? ''} |`;
  });
  return [...head, ...rows].join('\n');
}
