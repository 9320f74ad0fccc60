import t from 'tap';
import {
  CCCD_PROVINCE_CODES, isValidCccd, isValidVnPhone, normalizeVnPhone, parseCccd,
} from '../../../api/domain/dossier/index.ts';

t.test('CCCD: 12 digits with a known province code', async (t) => {
  t.same(parseCccd('001303012345'), { provinceCode: '001', provinceName: 'Hà Nội', sex: 'female', birthYear: 2003 });
  t.same(parseCccd('079090000089'), { provinceCode: '079', provinceName: 'Hồ Chí Minh', sex: 'male', birthYear: 1990 });
  t.equal(parseCccd('096299000001')?.birthYear, 2099);
  for (const bad of ['00120301234', '0012030123456', '00120301234a', '003203012345', '000203012345', '097203012345', ' 001203012345']) {
    t.notOk(isValidCccd(bad), bad);
  }
  t.equal(Object.keys(CCCD_PROVINCE_CODES).length, 63, 'the 63 pre-2025 provinces');
  t.ok(Object.keys(CCCD_PROVINCE_CODES).every((c) => /^0\d\d$/.test(c) && Number(c) >= 1 && Number(c) <= 96));
  t.ok(isValidCccd('999203012345', { '999': 'Test' }), 'the list is data');
});

t.test('phone: 10 digits from 0, or +84 and 9 digits', async (t) => {
  t.equal(normalizeVnPhone('0912345678'), '0912345678');
  t.equal(normalizeVnPhone('+84912345678'), '0912345678');
  t.equal(normalizeVnPhone('091 234.56-78'), '0912345678');
  for (const bad of ['912345678', '09123456789', '+840912345678', '0012345678', '84912345678', '+8491234567', '09a2345678']) {
    t.notOk(isValidVnPhone(bad), bad);
  }
});
