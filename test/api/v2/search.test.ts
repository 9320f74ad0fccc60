/** The in-memory search of the `/v2` face: filter operators, sorting, offset and cursor pages. */
import t from 'tap';
import { lookupValues, search, type SearchSpec } from '../../../api/routes/v2/search.ts';
import { Problem } from '../../../api/routes/v2/problem.ts';

const SPEC: SearchSpec = {
  what: 'things',
  fields: { key: 'key', name: 'string', priority: 'integer', due: 'date', done: 'boolean', state: ['OPEN', 'SHUT'], group: 'string' },
  itemField: { group: 'groups' },
  unsupported: ['secret'],
  sortFields: ['key', 'name', 'priority', 'due'],
};

const items = [
  { key: '1', name: 'Thẩm định', priority: 50, due: '2026-03-02T10:00:00Z', done: false, state: 'OPEN', groups: ['chuyen-vien'] },
  { key: '2', name: 'Tiếp nhận', priority: 80, due: '2026-03-01T10:00:00+07:00', done: true, state: 'SHUT', groups: [] },
  { key: '3', name: 'Phê duyệt', priority: 20, due: null, done: false, state: 'OPEN', groups: ['lanh-dao', 'chuyen-vien'] },
];
const keys = (filter: Record<string, unknown>, extra: object = {}) => search(SPEC, items, { filter, ...extra }).items.map((i) => i.key);

t.test('filters: plain values and operators', async (t) => {
  t.same(keys({ state: 'OPEN' }), ['1', '3']);
  t.same(keys({ name: { $like: 'T*' } }), ['1', '2']);
  t.same(keys({ name: { $like: 'Ti?p nh*' } }), ['2']);
  t.same(keys({ priority: { $gte: 50 } }), ['1', '2']);
  t.same(keys({ priority: { $gt: 20, $lt: 80 } }), ['1']);
  t.same(keys({ due: { $lt: '2026-03-01T10:00:00Z' } }), ['2'], 'dates compare as instants, any offset');
  t.same(keys({ due: { $exists: false } }), ['3']);
  t.same(keys({ key: { $in: ['1', '3'] } }), ['1', '3']);
  t.same(keys({ key: { $notIn: ['1'] }, done: false }), ['3']);
  t.same(keys({ group: 'chuyen-vien' }), ['1', '3'], 'array fields match any element');
  t.same(keys({ group: { $exists: false } }), ['2'], 'an empty array does not exist');
  t.same(keys({ state: { $neq: 'OPEN' } }), ['2']);
});

t.test('unsupported filter fields are a 501 naming them', async (t) => {
  const e = (() => { try { search(SPEC, items, { filter: { secret: 1 } }); } catch (err) { return err; } })();
  t.type(e, Problem);
  t.match(e, { status: 501, detail: /filter\.secret/ });
});

t.test('sorting and pages', async (t) => {
  t.same(keys({}, { sort: [{ field: 'priority', order: 'DESC' }] }), ['2', '1', '3']);
  t.same(keys({}, { sort: [{ field: 'due', order: 'asc' }] }), ['2', '1', '3'], 'nulls last, lowercase order accepted');
  const numeric = search(SPEC, [{ key: '1000' }, { key: '999' }, { key: '2251799813685249' }], { sort: [{ field: 'key', order: 'ASC' }] });
  t.same(numeric.items.map((i) => i.key), ['999', '1000', '2251799813685249'], 'keys sort as int64 numbers');
  const first = search(SPEC, items, { sort: [{ field: 'priority' }], page: { limit: 2 } });
  t.same(first.items.map((i) => i.key), ['3', '1']);
  t.match(first.page, { totalItems: 3, hasMoreTotalItems: false });
  const next = search(SPEC, items, { sort: [{ field: 'priority' }], page: { limit: 2, after: first.page.endCursor! } });
  t.same(next.items.map((i) => i.key), ['2'], 'after the end cursor');
  const back = search(SPEC, items, { sort: [{ field: 'priority' }], page: { limit: 2, before: next.page.startCursor! } });
  t.same(back.items.map((i) => i.key), ['3', '1'], 'before the start cursor');
  const offset = search(SPEC, items, { page: { from: 2, limit: 5 } });
  t.same(offset.items.map((i) => i.key), ['3']);
  const empty = search(SPEC, items, { page: { from: 9 } });
  t.same(empty.page, { totalItems: 3, hasMoreTotalItems: false }, 'no cursors on an empty page');
});

t.test('key lookups usable by the engine', async (t) => {
  t.same(lookupValues('7'), ['7']);
  t.same(lookupValues({ $eq: '7' }), ['7']);
  t.same(lookupValues({ $in: ['7', '8'] }), ['7', '8']);
  t.equal(lookupValues({ $neq: '7' }), undefined);
  t.equal(lookupValues(undefined), undefined);
});
