/**
 * Inlines the `$ref`s of a form schema (to other documents, and to `#/$defs` inside them) so that a
 * browser can render the form from one self-contained document. The API's ajv validation keeps the
 * original documents; this copy is for display only. A cycle is cut: its inner `$ref` stays.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function pointer(doc: Json, fragment: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of fragment.replace(/^\//, '').split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
  }
  return node;
}

/**
 * Returns a copy of `doc` whose `$ref`s are replaced by what they point to; the sibling keywords of a
 * `$ref` (e.g. its `title`) win over the target's. `lookup` finds another document by the file name
 * or `$id` a reference names.
 */
export function inlineRefs(doc: object, lookup: (ref: string) => object | undefined): object {
  const walk = (node: Json, base: Json, seen: string[]): Json => {
    if (Array.isArray(node)) return node.map((n) => walk(n, base, seen));
    if (!node || typeof node !== 'object') return node;
    const out: { [key: string]: Json } = {};
    let target: { [key: string]: Json } | undefined;
    if (typeof node.$ref === 'string') {
      const [file, fragment = ''] = node.$ref.split('#');
      const targetDoc = file ? (lookup(file) as Json | undefined) : base;
      const key = `${file}#${fragment}`;
      const found = targetDoc !== undefined && !seen.includes(key) ? pointer(targetDoc, fragment) : undefined;
      if (found && typeof found === 'object' && !Array.isArray(found)) target = walk(found, targetDoc!, [...seen, key]) as { [key: string]: Json };
    }
    for (const [k, v] of Object.entries(node)) if (k !== '$ref' || !target) out[k] = k === '$defs' ? v : walk(v, base, seen);
    return target ? { ...target, ...out } : out;
  };
  return walk(doc as Json, doc as Json, []) as object;
}
