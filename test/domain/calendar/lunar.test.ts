import t from 'tap';
import { hungKingsDay, isoDateOf, lunarToLocalDay, tetDay } from '../../../api/domain/calendar/index.ts';
import { jdToLocalDay, lunarToJd } from './hnd-lunar.ts';

t.test('Tết and Hùng Kings checks from DOMAIN.md', async (t) => {
  t.equal(isoDateOf(tetDay(2025)), '2025-01-29');
  t.equal(isoDateOf(tetDay(2026)), '2026-02-17');
  t.equal(isoDateOf(tetDay(2027)), '2027-02-06');
  t.equal(isoDateOf(hungKingsDay(2025)), '2025-04-07');
  t.equal(isoDateOf(hungKingsDay(2026)), '2026-04-26');
  t.equal(isoDateOf(hungKingsDay(2027)), '2027-04-16');
});

t.test('years where the Vietnamese (UTC+7) Tết differs from the Chinese (UTC+8) one', async (t) => {
  const expected: Record<number, [string, string]> = {
    1985: ['1985-01-21', '1985-02-20'],
    2007: ['2007-02-17', '2007-02-18'],
    2030: ['2030-02-02', '2030-02-03'],
    2053: ['2053-02-18', '2053-02-19'],
  };
  for (const [year, [vietnam, china]] of Object.entries(expected)) {
    const y = Number(year);
    t.equal(isoDateOf(tetDay(y)), vietnam, `library, Vietnam ${year}`);
    t.equal(isoDateOf(jdToLocalDay(lunarToJd(1, 1, y, 7))), vietnam, `algorithm UTC+7 ${year}`);
    t.equal(isoDateOf(jdToLocalDay(lunarToJd(1, 1, y, 8))), china, `algorithm UTC+8 (China) ${year}`);
  }
});

t.test('library agrees with Hồ Ngọc Đức’s algorithm for UTC+7 on Tết and 10/3, 1968–2100', async (t) => {
  // Vietnam has computed its lunar calendar for UTC+7 since 1968.
  const mismatches: string[] = [];
  for (let y = 1968; y <= 2100; y += 1) {
    const tet = jdToLocalDay(lunarToJd(1, 1, y, 7));
    const hung = jdToLocalDay(lunarToJd(10, 3, y, 7));
    if (tetDay(y) !== tet) mismatches.push(`Tết ${y}: ${isoDateOf(tetDay(y))} vs ${isoDateOf(tet)}`);
    if (hungKingsDay(y) !== hung) mismatches.push(`10/3 ${y}: ${isoDateOf(hungKingsDay(y))} vs ${isoDateOf(hung)}`);
  }
  t.same(mismatches, []);
});

t.test('1900–1967: the library follows the historical calendar (UTC+8), not today’s UTC+7 rule', async (t) => {
  // Differences from the UTC+7 computation before 1968; all but 1916 and 1925 are exactly the
  // UTC+8 dates (the tables behind the library record the calendar then in use).
  const differences: string[] = [];
  for (let y = 1900; y <= 1967; y += 1) {
    for (const [d, m] of [[1, 1], [10, 3]] as const) {
      const lib = m === 1 ? tetDay(y) : hungKingsDay(y);
      const utc7 = jdToLocalDay(lunarToJd(d, m, y, 7));
      const utc8 = jdToLocalDay(lunarToJd(d, m, y, 8));
      if (lib !== utc7) differences.push(`${d}/${m}/${y}=${isoDateOf(lib)}${lib === utc8 ? ' (UTC+8)' : ''}`);
    }
  }
  t.same(differences, [
    '1/1/1903=1903-01-29 (UTC+8)',
    '10/3/1916=1916-04-12 (UTC+8)',
    '10/3/1917=1917-04-30 (UTC+8)',
    '1/1/1925=1925-01-25',
    '1/1/1935=1935-02-04 (UTC+8)',
    '10/3/1939=1939-04-29 (UTC+8)',
    '1/1/1965=1965-02-02 (UTC+8)',
  ]);
});

t.test('Tết always falls between 21 January and 20 February', async (t) => {
  for (let y = 1900; y <= 2100; y += 1) {
    const iso = isoDateOf(tetDay(y)).slice(5);
    if (iso < '01-21' || iso > '02-20') t.fail(`Tết ${y} on ${iso}`);
  }
  t.pass('checked 201 years');
});

t.test('out-of-range lunar years are refused', async (t) => {
  t.throws(() => lunarToLocalDay(1, 1, 2300), RangeError);
});
