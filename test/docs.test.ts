import t from 'tap';
import { readFileSync } from 'node:fs';
import { CONFIG_VARS } from '../api/config.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

t.test('the README documents every configuration variable, and no other', async (t) => {
  const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  t.same(documented.sort(), Object.keys(CONFIG_VARS).sort());
});

t.test('the README keeps the two commands', async (t) => {
  t.match(readme, /npm install && npm start/);
  t.match(readme, /```sh\nnpm test\n```/);
});
