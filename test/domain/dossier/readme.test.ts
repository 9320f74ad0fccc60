import { readFileSync } from 'node:fs';
import t from 'tap';
import { transitionTableMarkdown } from '../../../api/domain/dossier/index.ts';

t.test('the README shows the transition table as the code defines it', async (t) => {
  const readme = readFileSync(new URL('../../../api/domain/dossier/README.md', import.meta.url), 'utf8');
  t.ok(readme.includes(transitionTableMarkdown()), 'regenerate the table with transitionTableMarkdown()');
});
