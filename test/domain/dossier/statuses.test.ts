import t from 'tap';
import {
  CHANNELS, DOSSIER_STATUSES, STATUS_INFO, statusCode, statusFromCode,
} from '../../../api/domain/dossier/index.ts';

t.test('the ten statuses carry national codes 1–10 and both labels', async (t) => {
  t.equal(DOSSIER_STATUSES.length, 10);
  t.same(DOSSIER_STATUSES.map(statusCode), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const s of DOSSIER_STATUSES) {
    t.equal(statusFromCode(statusCode(s)), s);
    t.ok(STATUS_INFO[s].vi.length > 0 && STATUS_INFO[s].en.length > 0);
  }
  t.equal(STATUS_INFO.supplement_requested.vi, 'Yêu cầu bổ sung giấy tờ');
  t.equal(STATUS_INFO.returned.vi, 'Đã trả kết quả');
  t.equal(statusFromCode(0), undefined);
  t.equal(statusFromCode(11), undefined);
});

t.test('channel codes follow the national sync', async (t) => {
  t.same([CHANNELS.in_person.code, CHANNELS.online.code, CHANNELS.post.code], [1, 2, 3]);
});
