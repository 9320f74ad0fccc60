import t from 'tap';
import {
  DEFAULT_DOSSIER_CODE_FORMAT, DossierCodeError, formatDossierCode, isValidDossierCode, parseDossierCode, vietnamDate,
} from '../../../api/domain/dossier/index.ts';

t.test('default format: agency-yymmdd-seq4 on the UTC+7 date', async (t) => {
  const code = formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, {
    agencyCode: 'XAPHUOCLONG', date: new Date('2026-11-26T02:00:00Z'), sequence: 1,
  });
  t.equal(code, 'XAPHUOCLONG-261126-0001');
  // 18:30 UTC on the 25th is 01:30 on the 26th in Vietnam.
  t.equal(formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, {
    agencyCode: 'XA', date: new Date('2026-11-25T18:30:00Z'), sequence: 42,
  }), 'XA-261126-0042');
  t.equal(formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, {
    agencyCode: 'XA', date: new Date('2026-11-25T16:59:59Z'), sequence: 9999,
  }), 'XA-261125-9999');
});

t.test('configurable patterns and local dates', async (t) => {
  const parts = { agencyCode: '000.00.12.H12', date: { year: 2026, month: 2, day: 4 }, sequence: 7 };
  t.equal(formatDossierCode('{agency}.{yyyymmdd}.{seq6}', parts), '000.00.12.H12.20260204.000007');
  t.equal(formatDossierCode('{yyyy}/{mm}/{dd}-{agency}-{seq}', parts), '2026/02/04-000.00.12.H12-7');
  t.same(vietnamDate(new Date('2025-12-31T17:00:00Z')), { year: 2026, month: 1, day: 1 });
});

t.test('bad patterns and parts throw DossierCodeError', async (t) => {
  const p = { agencyCode: 'XA', date: { year: 2026, month: 1, day: 1 }, sequence: 1 };
  t.throws(() => formatDossierCode('{yymmdd}-{seq4}', p), DossierCodeError, 'no agency');
  t.throws(() => formatDossierCode('{agency}-{seq4}', p), DossierCodeError, 'no date');
  t.throws(() => formatDossierCode('{agency}-{yy}{mm}', { ...p }), DossierCodeError, 'no day nor seq');
  t.throws(() => formatDossierCode('{agency}-{yymmdd}', p), DossierCodeError, 'no sequence');
  t.throws(() => formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, { ...p, sequence: 0 }), /Invalid sequence/);
  t.throws(() => formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, { ...p, agencyCode: 'xã-1' }), /Invalid agency code/);
});

t.test('a day past 9,999 receptions widens the sequence instead of refusing, and still parses', async (t) => {
  const p = { agencyCode: 'XA', date: { year: 2026, month: 1, day: 1 }, sequence: 10_000 };
  t.equal(formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, p), 'XA-260101-10000');
  t.equal(formatDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, { ...p, sequence: 9_999 }), 'XA-260101-9999');
  t.same(parseDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, 'XA-260101-10000'), p);
});

t.test('parse round-trips and rejects malformed codes', async (t) => {
  t.same(parseDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, ' xaphuoclong-261126-0001 '), {
    agencyCode: 'XAPHUOCLONG', date: { year: 2026, month: 11, day: 26 }, sequence: 1,
  });
  const fmt = '{agency}.{yyyymmdd}.{seq6}';
  const parts = { agencyCode: '000.00.12.H12', date: { year: 2026, month: 2, day: 4 }, sequence: 123 };
  t.same(parseDossierCode(fmt, formatDossierCode(fmt, parts)), parts);
  for (const bad of ['XA-261126-001', 'XA-261326-0001', 'XA-260230-0001', 'XA-261126-0000', 'XA261126-0001', '', 'XA-261126-0001-1']) {
    t.notOk(isValidDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, bad), bad);
  }
  t.ok(isValidDossierCode(DEFAULT_DOSSIER_CODE_FORMAT, 'XA-240229-12345'), 'leap day; wider sequence accepted');
});
