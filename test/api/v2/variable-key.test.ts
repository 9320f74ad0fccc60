/**
 * Variable keys (engine-adapter/embedded/variable-keys.ts): every variable of an instance document
 * gets a key from the engine's key sequence once, keeps it while it exists on its scope (an update does
 * not change it), and loses it with its scope; a variable set again later gets a new key.
 */
import t from 'tap';
import { assignVariableKeys, variableKeysByScope } from '../../../engine-adapter/embedded/variable-keys.ts';
import type { InstanceDoc } from '../../../engine-adapter/embedded/state.ts';

t.test('variable keys: assigned once, kept on update, dropped with the scope', async (t) => {
  let next = 2251799813685249n;
  const nextKey = () => String(next++);
  const doc: InstanceDoc = { elements: {}, joins: {}, vars: { '100': { maHoSo: 'HS-1', ngàyHẹnTrả: '2026-03-05' }, '105': { ketQua: 'dat' } } };
  assignVariableKeys(doc, nextKey);
  const first = variableKeysByScope(doc);
  t.same([...first.get('100')!.keys()].sort(), ['maHoSo', 'ngàyHẹnTrả']);
  const keys = [...first.values()].flatMap((m) => [...m.values()]);
  t.equal(new Set(keys).size, 3, 'one key per variable');
  for (const k of keys) t.ok(/^[0-9]{1,19}$/.test(k) && BigInt(k) <= 9223372036854775807n, `${k} is an int64`);

  doc.vars['100']!.maHoSo = 'HS-2';
  delete doc.vars['105'];
  doc.vars['100']!.moi = true;
  assignVariableKeys(doc, nextKey);
  const second = variableKeysByScope(doc);
  t.equal(second.get('100')!.get('maHoSo'), first.get('100')!.get('maHoSo'), 'an update keeps the key');
  t.equal(second.has('105'), false, 'a scope gone takes its keys');
  t.equal(second.get('100')!.get('moi'), '2251799813685252', 'a new variable, the next key');

  doc.vars['105'] = { ketQua: 'dat' };
  assignVariableKeys(doc, nextKey);
  t.not(variableKeysByScope(doc).get('105')!.get('ketQua'), first.get('105')!.get('ketQua'), 'set again after its scope was gone: a new key');
});
