/**
 * Search requests of the Orchestration Cluster API v2, served in memory over the engine's read
 * models: `filter` (a plain value means equality; operator objects `$eq`, `$neq`, `$exists`, `$in`,
 * `$notIn`, `$like`, `$gt`, `$gte`, `$lt`, `$lte`), `sort` (`[{ field, order }]`) and `page`
 * (offset `from`/`limit`, or cursors `after`/`before` with `limit`), answered as
 * `{ items, page: { totalItems, hasMoreTotalItems, startCursor?, endCursor? } }`.
 */
import { invalid, unsupported } from './problem.ts';
import { KEY } from './schemas.ts';

/**
 * How a filter field is typed: `key` an engine key (int64, {@link KEY}), `digits` a synthesized
 * digit-only key (variable keys), compared as given.
 */
export type FieldKind = 'string' | 'key' | 'digits' | 'integer' | 'date' | 'boolean' | readonly string[];

/** What one search endpoint serves. */
export interface SearchSpec {
  /** Resource name for messages, e.g. `user tasks`. */
  what: string;
  /** Filter fields served; an item's field of the same name is compared (arrays: any element). */
  fields: Record<string, FieldKind>;
  /** For filter fields named differently from the item field (e.g. `candidateGroup` → `candidateGroups`). */
  itemField?: Record<string, string>;
  /** Camunda filter fields the embedded engine cannot serve (answered 501). */
  unsupported?: readonly string[];
  /** Sort fields served. */
  sortFields: readonly string[];
}

/** A search request body. */
export interface SearchBody {
  filter?: Record<string, unknown>;
  sort?: Array<{ field: string; order?: string }>;
  page?: { from?: number; limit?: number; after?: string; before?: string };
}

const STRING_OPS = { $eq: { type: 'string' }, $neq: { type: 'string' }, $exists: { type: 'boolean' }, $in: { type: 'array', items: { type: 'string' } }, $notIn: { type: 'array', items: { type: 'string' } }, $like: { type: 'string' } };
const opsOf = (value: object) => ({ $eq: value, $neq: value, $exists: { type: 'boolean' }, $gt: value, $gte: value, $lt: value, $lte: value, $in: { type: 'array', items: value } });
/** Operators of a key filter: (in)equality and sets, every value a well-formed key. */
const keyOps = (key: object) => ({ $eq: key, $neq: key, $exists: { type: 'boolean' }, $in: { type: 'array', items: key }, $notIn: { type: 'array', items: key } });
const withOps = (plain: object, ops: object) => ({ anyOf: [plain, { type: 'object', additionalProperties: false, minProperties: 1, properties: ops }] });

function fieldSchema(kind: FieldKind): object {
  if (Array.isArray(kind)) return withOps({ type: 'string', enum: kind }, { ...STRING_OPS, $eq: { type: 'string', enum: kind }, $neq: { type: 'string', enum: kind } });
  switch (kind) {
    case 'string': return withOps({ type: 'string' }, STRING_OPS);
    case 'key': return withOps(KEY, keyOps(KEY));
    case 'digits': { const digits = { type: 'string', pattern: '^[0-9]+$', maxLength: 1000 }; return withOps(digits, keyOps(digits)); }
    case 'integer': return withOps({ type: 'integer' }, opsOf({ type: 'integer' }));
    case 'date': return withOps({ type: 'string', format: 'date-time' }, opsOf({ type: 'string', format: 'date-time' }));
    default: return { type: 'boolean' };
  }
}

/** Page request schema (offset or cursor pagination). */
export const PAGE_SCHEMA = {
  type: 'object', additionalProperties: false,
  properties: { from: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 0, maximum: 10000 }, after: { type: 'string' }, before: { type: 'string' } },
} as const;

/** The body schema of a search endpoint: unknown filter or sort fields are refused by name. */
export function searchBodySchema(spec: SearchSpec): object {
  const filterProps: Record<string, object> = Object.fromEntries(Object.entries(spec.fields).map(([name, kind]) => [name, fieldSchema(kind)]));
  for (const name of spec.unsupported ?? []) filterProps[name] = {};
  return {
    type: 'object', additionalProperties: false,
    properties: {
      filter: { type: 'object', additionalProperties: false, properties: filterProps },
      sort: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['field'], properties: { field: { type: 'string', enum: spec.sortFields }, order: { type: 'string', enum: ['ASC', 'DESC', 'asc', 'desc'] } } } },
      page: PAGE_SCHEMA,
    },
  };
}

/** The values of a key filter usable to look items up: a plain value, `$eq` or `$in`; else undefined. */
export function lookupValues(condition: unknown): string[] | undefined {
  if (typeof condition === 'string') return [condition];
  if (!condition || typeof condition !== 'object') return undefined;
  const c = condition as { $eq?: string; $in?: string[] };
  if (c.$eq !== undefined) return [c.$eq];
  return c.$in;
}

const norm = (v: unknown, kind: FieldKind): unknown => (kind === 'date' && typeof v === 'string' ? Date.parse(v) : v);

function likeRegex(pattern: string): RegExp {
  const body = pattern.replace(/\\([*?])|([*?])|([.+^${}()|[\]\\])/g, (_m, esc: string, wild: string, meta: string) => {
    if (esc) return `\\${esc}`;
    if (wild) return wild === '*' ? '.*' : '.';
    return `\\${meta}`;
  });
  return new RegExp(`^${body}$`, 's');
}

function compareOp(op: string, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '$gt': return x > y;
    case '$gte': return x >= y;
    case '$lt': return x < y;
    default: return x <= y;
  }
}

function matchOne(value: unknown, condition: unknown, kind: FieldKind): boolean {
  const v = norm(value, kind);
  if (condition === null || typeof condition !== 'object') return v === norm(condition, kind);
  return Object.entries(condition as Record<string, unknown>).every(([op, arg]) => {
    switch (op) {
      case '$eq': return v === norm(arg, kind);
      case '$neq': return v !== norm(arg, kind);
      case '$exists': return (value !== null && value !== undefined) === arg;
      case '$in': return (arg as unknown[]).some((a) => v === norm(a, kind));
      case '$notIn': return !(arg as unknown[]).some((a) => v === norm(a, kind));
      case '$like': return typeof value === 'string' && likeRegex(String(arg)).test(value);
      default: return compareOp(op, v, norm(arg, kind));
    }
  });
}

function matches(value: unknown, condition: unknown, kind: FieldKind): boolean {
  if (!Array.isArray(value)) return matchOne(value, condition, kind);
  if (condition && typeof condition === 'object' && '$exists' in condition) return (value.length > 0) === (condition as { $exists: boolean }).$exists;
  return value.some((v) => matchOne(v, condition, kind));
}

/** Cursors are standard base64 with padding: Camunda 8.8's `StartCursor`/`EndCursor` pattern refuses base64url. */
const cursor = (index: number) => Buffer.from(JSON.stringify({ i: index })).toString('base64');
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=)?$/;

function uncursor(value: string, field: string): number {
  try {
    if (!BASE64.test(value)) throw new Error('not base64');
    const i = (JSON.parse(Buffer.from(value, 'base64').toString()) as { i?: unknown }).i;
    if (typeof i === 'number' && Number.isInteger(i) && i >= 0) return i;
  } catch { /* reported below */ }
  throw invalid(`Request property [page.${field}] is not a valid cursor`, `Trường [page.${field}] không phải con trỏ hợp lệ`, { fields: [{ field: `page.${field}` }] });
}

function pageBounds(total: number, page: SearchBody['page'] = {}): [number, number] {
  const keys = ['from', 'after', 'before'].filter((k) => page[k as keyof typeof page] !== undefined);
  if (keys.length > 1) throw invalid(`Request properties [${keys.map((k) => `page.${k}`).join(', ')}] cannot be combined`, `Không được dùng đồng thời các trường ${keys.map((k) => `page.${k}`).join(', ')}`);
  const limit = page.limit ?? 100;
  if (page.after !== undefined) { const s = uncursor(page.after, 'after') + 1; return [s, Math.min(total, s + limit)]; }
  if (page.before !== undefined) { const e = Math.min(total, uncursor(page.before, 'before')); return [Math.max(0, e - limit), e]; }
  const s = Math.min(total, page.from ?? 0);
  return [s, Math.min(total, s + limit)];
}

function sortItems<T>(items: T[], sort: SearchBody['sort'], spec: SearchSpec): T[] {
  if (!sort?.length) return items;
  const get = (item: T, f: string) => {
    const v = (item as Record<string, unknown>)[spec.itemField?.[f] ?? f];
    // Keys are decimal strings of int64 values: they sort as numbers.
    if ((spec.fields[f] === 'key' || spec.fields[f] === 'digits') && typeof v === 'string') return BigInt(v);
    return norm(v, spec.fields[f] ?? 'string') as string | number | null;
  };
  return [...items].sort((a, b) => {
    for (const s of sort) {
      const x = get(a, s.field);
      const y = get(b, s.field);
      if (x === y) continue;
      const cmp = x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return s.order?.toUpperCase() === 'DESC' ? -cmp : cmp;
    }
    return 0;
  });
}

/** Refuses filter fields that Camunda knows but the embedded engine cannot serve. */
export function assertSupported(spec: SearchSpec, body: SearchBody): void {
  const used = (spec.unsupported ?? []).filter((f) => body.filter?.[f] !== undefined);
  if (used.length) throw unsupported(`filter field(s) ${used.map((f) => `filter.${f}`).join(', ')} of ${spec.what} search`, `lọc theo ${used.map((f) => `filter.${f}`).join(', ')} khi tìm ${spec.what}`);
}

/** Filters, sorts and pages items already in their REST shape. */
export function search<T>(spec: SearchSpec, items: T[], body: SearchBody) {
  assertSupported(spec, body);
  const filter = Object.entries(body.filter ?? {}).filter(([name]) => spec.fields[name] !== undefined);
  const kept = items.filter((item) => filter.every(([name, cond]) => matches((item as Record<string, unknown>)[spec.itemField?.[name] ?? name], cond, spec.fields[name]!)));
  const sorted = sortItems(kept, body.sort, spec);
  const [start, end] = pageBounds(sorted.length, body.page);
  const pageItems = sorted.slice(start, end);
  return {
    items: pageItems,
    // Camunda 8.8 leaves the cursors out of an empty page.
    page: {
      totalItems: sorted.length,
      hasMoreTotalItems: false,
      ...(pageItems.length ? { startCursor: cursor(start), endCursor: cursor(end - 1) } : {}),
    },
  };
}
