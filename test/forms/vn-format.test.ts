import t from 'tap';
import { vnd, vnDate, vnDateTime, vnPlaceDate, vnShortDate, vnShortDateTime } from '../../api/forms/index.ts';

t.test('Vietnamese dates are in UTC+7', async (t) => {
  const at = new Date('2026-02-24T10:00:00Z');
  t.equal(vnDateTime(at), '17 giờ 00 phút, ngày 24 tháng 02 năm 2026');
  t.equal(vnDate(at), 'ngày 24 tháng 02 năm 2026');
  t.equal(vnShortDateTime(at), '24/02/2026 17:00');
  // 17:30 UTC on 31 Dec is 00:30 on 1 Jan in Vietnam.
  const ny = new Date('2025-12-31T17:30:00Z');
  t.equal(vnDateTime(ny), '00 giờ 30 phút, ngày 01 tháng 01 năm 2026');
  t.equal(vnShortDate(ny), '01/01/2026');
  t.equal(vnPlaceDate('Phước Long', ny), 'Phước Long, ngày 01 tháng 01 năm 2026');
});

t.test('amounts in VND with dot separators', async (t) => {
  t.equal(vnd(0), '0 đồng');
  t.equal(vnd(2_000), '2.000 đồng');
  t.equal(vnd(1_250_000), '1.250.000 đồng');
  t.equal(vnd(-500), '-500 đồng');
});
