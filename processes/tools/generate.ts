/**
 * Writes `processes/<id>.bpmn` from the specs: `npx tsx processes/tools/generate.ts [id…]`.
 * The committed files are the source of truth; run this only to re-create a file from scratch.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toXml } from './builder.ts';
import { SPECS } from './specs.ts';

const only = new Set(process.argv.slice(2));
for (const spec of SPECS) {
  if (only.size && !only.has(spec.fileId)) continue;
  const file = fileURLToPath(new URL(`../${spec.fileId}.bpmn`, import.meta.url));
  writeFileSync(file, toXml(spec));
  console.log(`wrote ${file}`);
}
