/** Variable keys of the `/v2` face: digits only (as Camunda's), and read back to instance and name. */
import t from 'tap';
import { parseVariableKey, variableKey } from '../../../api/routes/v2/variables.ts';

t.test('variable keys round-trip, Vietnamese names included', async (t) => {
  for (const name of ['maHoSo', 'ketQua', 'ngàyHẹnTrả', 'a']) {
    const key = variableKey('2251799813685249', name);
    t.match(key, /^[0-9]+$/, `${name}: digits only`);
    t.same(parseVariableKey(key), { processInstanceKey: '2251799813685249', name });
  }
  t.not(variableKey('1', 'ab'), variableKey('1', 'ba'), 'distinct names, distinct keys');
  t.equal(parseVariableKey('1'), undefined);
  t.equal(parseVariableKey('0212'), undefined, 'no name');
  t.equal(parseVariableKey('0112999'), undefined, 'not a byte');
});
