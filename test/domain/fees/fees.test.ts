/** Fees as data: the fee of a dossier from its procedure's rule, and the validation of fee data. */
import t from 'tap';
import { feeStatement, perPageCopyVnd, PROVINCE_FEE_MISSING, validateFeeRule, validateProvinceFeeTable, type FeeRule } from '../../../api/domain/fees/index.ts';
import { catalogueEntry, PROCEDURE_CATALOGUE } from '../../../api/procedures/catalogue.ts';

const copyRule = catalogueEntry('copy-certification')!.fee as Extract<FeeRule, { kind: 'perPage' }>;

t.test('copy certification: 2,000 VND a page, 1,000 from the third, at most 200,000 a copy', async (t) => {
  t.equal(perPageCopyVnd(copyRule, 1), 2_000);
  t.equal(perPageCopyVnd(copyRule, 2), 4_000);
  t.equal(perPageCopyVnd(copyRule, 3), 5_000, 'the third page at 1,000');
  t.equal(perPageCopyVnd(copyRule, 10), 12_000);
  t.equal(perPageCopyVnd(copyRule, 196), 198_000);
  t.equal(perPageCopyVnd(copyRule, 197), 199_000);
  t.equal(perPageCopyVnd(copyRule, 198), 200_000);
  t.equal(perPageCopyVnd(copyRule, 500), 200_000, 'capped per copy');
  const s = feeStatement([copyRule], { documents: [{ name: 'Sổ hộ khẩu', pages: 5, copies: 3 }, { name: 'Bằng tốt nghiệp', pages: 1, copies: 2 }, { name: 'Hồ sơ thiết kế', pages: 300, copies: 2 }] });
  t.same(s.lines.map((l) => l.amount), [21_000, 4_000, 400_000], 'pages × copies, the cap applied to each copy');
  t.match(s.lines[0]!.description, 'Sổ hộ khẩu (05 trang × 03 bản)');
  t.notOk(s.text);
  t.match(feeStatement([copyRule]).text, /số trang/, 'no documents yet: no amount made up');
});

t.test('free procedures say «Miễn phí», never «0 đồng»', async (t) => {
  for (const e of PROCEDURE_CATALOGUE.filter((x) => x.fee.kind === 'free')) {
    const s = feeStatement([e.fee]);
    t.same(s, { lines: [], text: 'Miễn phí' }, e.id);
  }
  t.same(feeStatement([]), { lines: [], text: 'Miễn phí' });
});

t.test('province-set fees come from the province table', async (t) => {
  const rule = catalogueEntry('household-business-registration')!.fee;
  t.same(feeStatement([rule]), { lines: [], text: PROVINCE_FEE_MISSING }, 'not set yet: said so, not «Không»');
  const s = feeStatement([rule], { provinceFee: { amountVnd: 100_000, note: 'Lệ phí đăng ký hộ kinh doanh', legalBasis: 'Nghị quyết 12/2025/NQ-HĐND' } });
  t.same(s.lines, [{ description: 'Lệ phí đăng ký hộ kinh doanh (Nghị quyết 12/2025/NQ-HĐND)', amount: 100_000 }]);
  t.same(feeStatement([{ kind: 'fixed', amountVnd: 10_000, note: 'Lệ phí chứng thực chữ ký' }]).lines, [{ description: 'Lệ phí chứng thực chữ ký', amount: 10_000 }]);
});

t.test('every shipped fee rule is valid; bad rules name their field', async (t) => {
  for (const e of PROCEDURE_CATALOGUE) t.same(validateFeeRule(e.fee), [], e.id);
  t.same(validateFeeRule({ kind: 'perWord' }).map((e) => [e.field, e.code]), [['fee.kind', 'UNKNOWN_VALUE']]);
  t.same(validateFeeRule({ kind: 'fixed', amountVnd: -5 }).map((e) => e.field), ['fee.amountVnd']);
  t.same(validateFeeRule({ kind: 'perPage', firstPagesVnd: 2000, nextPagesVnd: 1000, fromPage: 0 }).map((e) => e.field), ['fee.maxPerCopyVnd', 'fee.fromPage']);
  t.same(validateFeeRule({ kind: 'provinceSet', amountVnd: null }).map((e) => e.field), ['fee.note']);
});

t.test('a province fee table: negative or missing prices and unknown procedures are refused, each named', async (t) => {
  const provinceSet = new Set(['household-business-registration', 'marital-status-confirmation']);
  const known = new Set([...provinceSet, 'birth-registration']);
  const ok = { items: [{ procedureId: 'household-business-registration', amountVnd: 100_000, legalBasis: 'NQ 12/2025' }, { procedureId: 'marital-status-confirmation', amountVnd: 0 }] };
  t.same(validateProvinceFeeTable(ok, provinceSet, known), []);
  const bad = validateProvinceFeeTable({ items: [
    { procedureId: 'household-business-registration', amountVnd: -1 },
    { procedureId: 'marital-status-confirmation' },
    { procedureId: 'birth-registration', amountVnd: 5 },
    { procedureId: 'no-such', amountVnd: 5 },
    { procedureId: 'household-business-registration', amountVnd: 1.5, price: 3 },
  ] }, provinceSet, known);
  t.same(bad.map((e) => [e.field, e.code]), [
    ['items[0].amountVnd', 'INVALID_AMOUNT'], ['items[1].amountVnd', 'REQUIRED'], ['items[2].procedureId', 'NOT_PROVINCE_SET'],
    ['items[3].procedureId', 'UNKNOWN_VALUE'], ['items[4].procedureId', 'DUPLICATE'], ['items[4].amountVnd', 'INVALID_AMOUNT'], ['items[4].price', 'UNKNOWN_FIELD'],
  ]);
  t.same(validateProvinceFeeTable({}, provinceSet, known).map((e) => e.field), ['items']);
});
