/**
 * `npx tsx bench/variable-keys-migration.ts`: the cost of engine migration `2026_12_01_0007_variable_keys`
 * (issue 16) on instances written before variable keys existed. BENCH_INSTANCES (default 20,000) instance
 * documents of 3 scopes and 12 variables, without `varKeys`, are inserted set-based; the migration then
 * runs and is timed; the same again with 5× the instances (the ratio shows whether its cost is linear).
 * Also printed: the lookup of one variable by key afterwards (the index) against the former scan of the
 * documents (`doc->'varKeys' ? key`), both on the larger database. PostgreSQL (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL), else PGlite in memory. Record `uptime` beside the figures.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { connectDatabase, type DatabaseHandle } from '../api/db/connect.ts';
import { engineMigrations } from '../engine-adapter/embedded/migrations.ts';
import { freshPostgres } from '../test/helpers/databases.ts';

const N = Number(process.env.BENCH_INSTANCES ?? 20_000);
const URL_ = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function open(): Promise<DatabaseHandle> {
  return URL_ ? freshPostgres(URL_) : connectDatabase({ databaseUrl: null, dataDir: 'memory://' });
}

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => engineMigrations }, migrationTableName: 'engine_migration', migrationLockTableName: 'engine_migration_lock' });
}

/** `n` old-style documents: a root scope with 8 variables, two inner scopes with 2 each, no `varKeys`. */
async function fill(db: Kysely<any>, n: number): Promise<void> {
  await sql`insert into engine_process_instance (key, process_definition_key, bpmn_process_id, version, state, doc, started_at, ended_at)
    select g, 1, 'old', 1, case when g % 2 = 0 then 'COMPLETED' else 'ACTIVE' end,
      jsonb_build_object('elements', '{}'::jsonb, 'joins', '{}'::jsonb, 'vars', jsonb_build_object(
        g::text, jsonb_build_object('dossierCode', 'HS-' || g, 'applicant', 'Nguyen Van ' || g, 'fee', g % 500, 'paid', true,
          'district', 'Q' || (g % 12), 'documents', jsonb_build_array('a', 'b'), 'decision', 'approve', 'note', repeat('x', 40)),
        (g + 1)::text, jsonb_build_object('draft', 'v1', 'step', 'appraisal'),
        (g + 2)::text, jsonb_build_object('outcome', 'ok', 'by', 'officer'))),
      now(), null
    from generate_series(${10_000_000}::bigint, ${10_000_000 + n - 1}::bigint) g`.execute(db);
}

async function timedMigration(n: number): Promise<{ ms: number; db: DatabaseHandle }> {
  const handle = await open();
  const m = migrator(handle.db);
  const before = await m.migrateTo('2026_12_01_0006_retention');
  if (before.error) throw before.error;
  await fill(handle.db, n);
  const t0 = performance.now();
  const res = await m.migrateToLatest();
  if (res.error) throw res.error;
  return { ms: performance.now() - t0, db: handle };
}

async function lookups(db: Kysely<any>): Promise<{ index: number; scan: number }> {
  const keys = (await sql<{ k: string }>`select key::text as k from engine_variable_key order by random() limit 20`.execute(db)).rows.map((r) => r.k);
  const time = async (q: (k: string) => Promise<unknown>) => {
    const t0 = performance.now();
    for (const k of keys) await q(k);
    return (performance.now() - t0) / keys.length;
  };
  const index = await time((k) => db.selectFrom('engine_variable_key').select('process_instance_key').where('key', '=', k).execute());
  const scan = await time((k) => sql`select key from engine_process_instance where (doc->'varKeys') ? ${k} limit 1`.execute(db));
  return { index, scan };
}

const small = await timedMigration(N);
await small.db.close();
const large = await timedMigration(5 * N);
const variables = Number((await sql<{ n: string }>`select count(*) as n from engine_variable_key`.execute(large.db.db)).rows[0]!.n);
const { index, scan } = await lookups(large.db.db);
await large.db.close();
console.log(`database: ${URL_ ? 'PostgreSQL' : 'PGlite'}`);
console.log(`migration 0007 on ${N} old instances: ${small.ms.toFixed(0)} ms; on ${5 * N} (${variables} variables): ${large.ms.toFixed(0)} ms; ratio ${(large.ms / small.ms).toFixed(2)} for 5× the rows`);
console.log(`one variable by key on ${5 * N} instances: index ${index.toFixed(2)} ms, former document scan ${scan.toFixed(1)} ms (${(scan / index).toFixed(0)}×)`);
