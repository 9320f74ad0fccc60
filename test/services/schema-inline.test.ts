/** The resolved form schema the UI renders: every $ref inlined, titles of the referring property kept. */
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { inlineRefs } from '../../api/services/schema-inline.ts';
import { loadFormSchemas } from '../../api/services/form-schemas.ts';

t.test('refs to another document and to its $defs are inlined; the referrer\'s keywords win', async (t) => {
  const common = { $defs: { id: { type: 'string', pattern: '^[0-9]{12}$', title: 'ID' }, person: { type: 'object', properties: { id: { $ref: '#/$defs/id' } } } } };
  const form = { type: 'object', properties: { a: { $ref: 'common.schema.json#/$defs/person', title: 'Applicant' }, b: { $ref: '#/$defs/local' } }, $defs: { local: { type: 'integer' } } };
  const out = inlineRefs(form, (ref) => (ref === 'common.schema.json' ? common : undefined)) as any;
  t.same(out.properties.a, { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{12}$', title: 'ID' } }, title: 'Applicant' });
  t.same(out.properties.b, { type: 'integer' });
});

t.test('a cycle is cut, an unknown document left as it was', async (t) => {
  const doc = { $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } }, properties: { root: { $ref: '#/$defs/node' }, x: { $ref: 'nowhere.json#/a' } } };
  const out = inlineRefs(doc, () => undefined) as any;
  t.equal(out.properties.root.properties.next.$ref, '#/$defs/node');
  t.same(out.properties.x, { $ref: 'nowhere.json#/a' });
});

t.test('every shipped procedure form resolves with no $ref left', async (t) => {
  const schemas = loadFormSchemas(fileURLToPath(new URL('../../schemas/procedures', import.meta.url)));
  for (const id of schemas.ids().filter((i) => !i.includes('common'))) {
    t.notMatch(JSON.stringify(schemas.resolved(id)), /"\$ref"/, id);
  }
});
