/**
 * Seeded input generation for the fuzz test (`test/api/fuzz.test.ts`): a small PRNG, values drawn
 * from a JSON Schema (as the OpenAPI document gives it), and the mutations bad clients send —
 * NUL bytes, huge numbers, wrong types, missing fields, long strings, odd Unicode, malformed keys.
 */
import fc from 'fast-check';

/** mulberry32: small, fast and replayable from one 32-bit seed. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let x = this.#s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Schema = Record<string, any>;
/** Known good values by field or parameter name (a dossier code, real engine keys, ids). */
export type Pools = Record<string, unknown[]>;

const ALPHABET = 'abcxyzAĐƯƠăâêôơưđạảấầẩẫậ 0123456789-_.';
const patternArbs = new Map<string, fc.Arbitrary<string>>();

function fromPattern(pattern: string, rng: Rng): string {
  let arb = patternArbs.get(pattern);
  if (!arb) patternArbs.set(pattern, (arb = fc.stringMatching(new RegExp(pattern))));
  return fc.sample(arb, { seed: rng.int(2 ** 31), numRuns: 1 })[0]!;
}

function randomString(rng: Rng, min = 1, max = 24): string {
  const length = Math.max(min, Math.min(max, min + rng.int(12)));
  return Array.from({ length }, () => rng.pick([...ALPHABET])).join('');
}

function genString(s: Schema, rng: Rng): string {
  switch (s.format) {
    case 'date': return `2026-0${1 + rng.int(9)}-1${rng.int(10)}`;
    case 'date-time': return new Date(Date.UTC(2026, rng.int(12), 1 + rng.int(28), rng.int(24))).toISOString();
    case 'uuid': return Array.from({ length: 32 }, (_, i) => (i === 12 ? '4' : rng.int(16).toString(16))).join('').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    case 'email': return `u${rng.int(1000)}@example.vn`;
  }
  if (s.pattern) return fromPattern(s.pattern, rng);
  return randomString(rng, s.minLength ?? 1, s.maxLength ?? 24);
}

/** A value that mostly satisfies the schema (the starting point of each mutation). */
export function generate(schema: Schema | undefined, rng: Rng, pools: Pools, name = '', depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 6) return randomString(rng);
  const pool = pools[name];
  if (pool?.length && rng.chance(0.7)) return rng.pick(pool);
  if ('const' in schema) return schema.const;
  if (schema.enum) return rng.pick(schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return generate(rng.pick(branches), rng, pools, name, depth + 1);
  if (schema.allOf) return generate(Object.assign({}, ...schema.allOf), rng, pools, name, depth + 1);
  const types = [schema.type ?? (schema.properties ? 'object' : 'string')].flat().filter((t: string) => t !== 'null');
  switch (rng.pick(types.length ? types : ['null'])) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required: string[] = schema.required ?? [];
      for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {})) {
        if (required.includes(key) || rng.chance(0.5)) out[key] = generate(sub, rng, pools, key, depth + 1);
      }
      if (!schema.properties && schema.additionalProperties !== false && rng.chance(0.5)) out[randomString(rng, 1, 8)] = randomString(rng);
      return out;
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const length = Math.min(schema.maxItems ?? min + 3, min + rng.int(4));
      return Array.from({ length }, () => generate(schema.items, rng, pools, name, depth + 1));
    }
    case 'integer': {
      const lo = schema.minimum ?? 0;
      return lo + rng.int(Math.max(1, Math.min((schema.maximum ?? lo + 100) - lo + 1, 1000)));
    }
    case 'number': return (schema.minimum ?? 0) + rng.next() * 100;
    case 'boolean': return rng.chance(0.5);
    case 'null': return null;
    default: return genString(schema, rng);
  }
}

/** Strings that trouble databases, parsers and renderers. */
export const NASTY_STRINGS = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '😀'.repeat(50), 'Z̷̢̛a̸l̶g̷o̵', '\u202eRTL', '\uffff\ufffe', '\ufeffBOM', 'ﬃİǅ',
  '\u0085\u2028\u2029', '\r\n\t', '%00', "'; drop table users; --", '../../etc/passwd', '${x}{{x}}', '',
];
/** Numbers beyond every column. */
export const HUGE_NUMBERS = [1e21, 99999999999, -99999999999, 2 ** 53, 2 ** 63, 2147483648, -2147483649, 1e308, -1, 0, 0.5, '99999999999999999999'];
/** What a Camunda key is not (and keys beyond int64). */
export const BAD_KEYS = ['abc', '-1', '0', '1'.repeat(30), '99999999999999999999', '9223372036854775808', '1e3', ' 1', '0x1F', '', '١٢٣', '1\u0000'];
const OTHER_TYPES: unknown[] = [null, true, 0, 'x', [], {}, [[]], { a: { b: {} } }, -0.0001];

type Path = Array<string | number>;

/** Paths to every node below the root. */
function nodes(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...path, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      nodes(v, p, out);
    }
  }
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  let parent = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return root;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], root);
}

/** Kinds of body mutation; each names a class of bad input in failure reports. */
export const MUTATIONS = ['nul', 'huge', 'type', 'missing', 'long', 'unicode', 'key', 'extra', 'whole'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Applies one mutation somewhere in a (JSON) value; returns the new value. */
export function mutate(value: unknown, kind: Mutation, rng: Rng): unknown {
  const root = structuredClone(value);
  const all = nodes(root);
  const target: Path = all.length && rng.chance(0.9) ? rng.pick(all) : [];
  const current = getAt(root, target);
  switch (kind) {
    case 'nul': {
      if (rng.chance(0.2) && root && typeof root === 'object' && !Array.isArray(root)) {
        (root as Record<string, unknown>)[`field\u0000${rng.int(9)}`] = 'x';
        return root;
      }
      const s = typeof current === 'string' ? current : String(current ?? '');
      const at = rng.int(s.length + 1);
      return setAt(root, target, `${s.slice(0, at)}\u0000${s.slice(at)}`);
    }
    case 'huge': return setAt(root, target, rng.pick(HUGE_NUMBERS));
    case 'type': return setAt(root, target, rng.pick(OTHER_TYPES));
    case 'missing': {
      if (!target.length) return root;
      const parent = getAt(root, target.slice(0, -1)) as Record<string | number, unknown>;
      if (Array.isArray(parent)) parent.splice(Number(target[target.length - 1]), 1);
      else delete parent[target[target.length - 1]!];
      return root;
    }
    case 'long': return setAt(root, target, rng.pick(['x', 'ạ', '😀', '9']).repeat(rng.pick([256, 5000, 70000])));
    case 'unicode': return setAt(root, target, rng.pick(NASTY_STRINGS));
    case 'key': return setAt(root, target, rng.pick(BAD_KEYS));
    case 'extra': {
      if (root && typeof root === 'object' && !Array.isArray(root)) (root as Record<string, unknown>)[randomString(rng, 1, 10)] = rng.pick(OTHER_TYPES);
      return root;
    }
    case 'whole': return rng.pick([null, [], 'str', 42, true, { a: 1 }, JSON.parse('['.repeat(500) + ']'.repeat(500))]);
  }
}

/** Path parameter values that are not what a route expects; `raw` ones go into the URL unencoded. */
export const BAD_PATH_VALUES: Array<{ value: string; raw?: boolean }> = [
  { value: '\u0000' }, { value: 'a\u0000b' }, { value: '%', raw: true }, { value: '%E0%A4%A', raw: true }, { value: '%FF', raw: true },
  { value: '%ED%A0%80', raw: true }, { value: '%C0%80', raw: true }, { value: 'x'.repeat(3000) }, { value: '1e21' }, { value: '99999999999999999999' },
  { value: '99999999999' }, { value: '-1' }, { value: '0' }, { value: 'abc' }, { value: '', raw: true }, { value: '..', raw: true }, { value: '.' },
  { value: '/' }, { value: ' ' }, { value: '😀' }, { value: '9'.repeat(25) }, { value: '1'.repeat(26) }, { value: '0000000000000000000001' },
  { value: '١٢٣' }, { value: 'ạ' }, { value: 'XADEMO-260302-0001\u0000' }, { value: '%2e%2e%2f', raw: true },
];

/** Query-string fragments that are not what a route expects (`{name}` is a declared parameter). */
export const BAD_QUERY: string[] = [
  '{name}=%00', '{name}=a%00b', '{name}=1e21', '{name}=99999999999', '{name}=-1', '{name}=abc', '{name}=', '{name}', '{name}=1&{name}=2',
  '{name}=%', '{name}=%E0%A4%A', '{name}=%ED%A0%80', `{name}=${'x'.repeat(5000)}`, '{name}[a]=1', '%00=1', '{name}%00=1', 'zz=1', '&&&=', '{name}=true,false',
  '{name}=9223372036854775808', '{name}=2026-13-45T99:99:99Z', '{name}=%F0%9F%98%80', '{name}=null', '{name}=1.5', '{name}=%20',
];

/** A multipart body (`parts` as given; `file` parts have a filename). */
export function multipartBody(boundary: string, parts: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }>): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
