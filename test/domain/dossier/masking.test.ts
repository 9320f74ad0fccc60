import t from 'tap';
import { maskAddress, maskCccd, maskName, maskPhone } from '../../../api/domain/dossier/index.ts';

t.test('names keep first letters and at most three stars per word', async (t) => {
  t.equal(maskName('Nguyễn Văn An'), 'N*** V** A*');
  t.equal(maskName('  Đặng   thị Hồng '), 'Đ*** t** H***');
  t.equal(maskName('Nguye\u0302\u0303n Y'), 'N*** Y', 'decomposed input is NFC-normalised first');
  t.equal(maskName(''), '');
});

t.test('CCCD shows at most the first 3 and last 2 digits', async (t) => {
  const m = maskCccd('001203012389');
  t.equal(m, '001*******89');
  t.equal(m.length, 12);
  t.equal(maskCccd('12345'), '************');
});

t.test('phone shows the first 3 and last 3 digits', async (t) => {
  t.equal(maskPhone('0912345678'), '091****678');
  t.equal(maskPhone('+84 912 345 678'), '091****678');
  t.equal(maskPhone('abc'), '**********');
});

t.test('address keeps only commune and province', async (t) => {
  t.equal(maskAddress('Số 12, Thôn 3, Xã Phước Long, Tỉnh Gia Lai'), '***, Xã Phước Long, Tỉnh Gia Lai');
  t.equal(maskAddress('Thôn 3, Xã Phước Long'), '***, Xã Phước Long');
  t.equal(maskAddress(''), '');
});
