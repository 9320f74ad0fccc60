/**
 * The variable-key index (`engine_variable_key`: key → process instance), kept in each step's
 * transaction beside the instance documents, so that one variable is found by its key with an index
 * lookup (`getVariable`) instead of a scan of the documents. Migration `2026_12_01_0007_variable_keys`
 * creates it and gives keys to the variables of instances written before variable keys existed.
 */
import { sql, type Kysely } from 'kysely';
import type { LoadedInstance } from './step-context.ts';
import { assignVariableKeys } from './variable-keys.ts';
import type { WriteBatch } from './write-batch.ts';

/** Assigns the keys of the step's instances (variable-keys.ts) and records the index rows added and removed. */
export function assignAndIndexVariableKeys(instances: LoadedInstance[], nextKey: () => string, writes: WriteBatch): void {
  const added: { key: string; process_instance_key: string }[] = [];
  const removed: string[] = [];
  for (const i of instances) {
    const before = new Set(Object.keys(i.doc.varKeys ?? {}));
    assignVariableKeys(i.doc, nextKey);
    const after = i.doc.varKeys ?? {};
    for (const k of before) if (!Object.hasOwn(after, k)) removed.push(k);
    for (const k of Object.keys(after)) if (!before.has(k)) added.push({ key: k, process_instance_key: i.key });
  }
  writes.deleteWhereIn('engine_variable_key', 'key', removed);
  writes.insert('engine_variable_key', added);
}

/** The instance holding variable `key`, by the index. */
export async function instanceOfVariable(db: Kysely<any>, key: string): Promise<string | undefined> {
  if (!/^[0-9]{1,19}$/.test(key)) return undefined;
  const row = await db.selectFrom('engine_variable_key').select('process_instance_key').where('key', '=', key).executeTakeFirst();
  return row ? String(row.process_instance_key) : undefined;
}

/**
 * Migration `2026_12_01_0007_variable_keys`, set-based: the index table; a key (a block of the key
 * sequence each, so never one a running engine hands out) for every variable of each instance document
 * without `varKeys`; then one index row per key of every document.
 */
export async function createVariableKeyIndex(db: Kysely<any>): Promise<void> {
  await sql`create table engine_variable_key (key bigint primary key, process_instance_key bigint not null)`.execute(db);
  await sql`with missing as (
      select i.key as pik, s.key as scope, v.name
      from engine_process_instance i
      cross join lateral jsonb_each(coalesce(i.doc->'vars', '{}'::jsonb)) s
      cross join lateral jsonb_object_keys(case when jsonb_typeof(s.value) = 'object' then s.value else '{}'::jsonb end) v(name)
      where not (i.doc ? 'varKeys')
    ), keyed as (
      select pik, jsonb_object_agg(nextval('engine_key_seq')::text, jsonb_build_array(scope, name)) as keys from missing group by pik
    )
    update engine_process_instance i set doc = jsonb_set(i.doc, '{varKeys}', k.keys) from keyed k where i.key = k.pik`.execute(db);
  await sql`insert into engine_variable_key (key, process_instance_key)
    select k::bigint, i.key from engine_process_instance i cross join lateral jsonb_object_keys(coalesce(i.doc->'varKeys', '{}'::jsonb)) k`.execute(db);
}
