/**
 * PGlite databases for tests, restored from templates. A fresh in-memory PGlite takes about 3 s to
 * initialise (initdb inside WebAssembly); one restored from a dump of a data directory takes under
 * one. Two templates — blank, and with every migration applied — are made once per machine for the
 * current migrations and PGlite version, kept in the system's temporary directory and written
 * atomically (test processes run in parallel). Each opening is still a database of its own.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExtensions, pgliteHandle, type DatabaseHandle } from '../../api/db/connect.ts';
import { migrateAll } from '../../api/db/migrate-all.ts';

const ROOT = new URL('../../', import.meta.url);
/** What a template depends on: the migrations, their runner, and PGlite itself. */
const SOURCES = [
  ...readdirSync(new URL('api/db/migrations/', ROOT)).sort().map((f) => `api/db/migrations/${f}`),
  'api/db/migrate.ts', 'api/db/migrate-all.ts', 'api/db/connect.ts', 'engine-adapter/embedded/migrations.ts', 'node_modules/@electric-sql/pglite/package.json',
];

function fingerprint(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(file).update(readFileSync(new URL(file, ROOT)));
  return hash.digest('hex').slice(0, 16);
}

const DIR = join(tmpdir(), 'motcua-pglite-templates');
const made = new Map<string, Promise<Blob>>();

async function build(kind: 'blank' | 'migrated'): Promise<Blob> {
  const path = join(DIR, `${kind}-${fingerprint()}.tar`);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const pglite = await PGlite.create('memory://', { extensions: pgliteExtensions });
  const handle = pgliteHandle(pglite);
  try {
    if (kind === 'migrated') await migrateAll(handle.db);
    const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
    mkdirSync(DIR, { recursive: true });
    const partial = `${path}.${process.pid}`;
    writeFileSync(partial, dump);
    renameSync(partial, path);
    // Templates of older migrations are rebuilt if ever needed again: keep the directory small.
    for (const old of readdirSync(DIR)) if (old.startsWith(`${kind}-`) && !old.startsWith(`${kind}-${fingerprint()}`)) rmSync(join(DIR, old), { force: true });
    return new Blob([dump]);
  } finally {
    await handle.close();
  }
}

/** A fresh in-memory PGlite database, blank or migrated, restored from its template. */
export async function openPglite(kind: 'blank' | 'migrated'): Promise<DatabaseHandle> {
  if (!made.has(kind)) made.set(kind, build(kind));
  return pgliteHandle(await PGlite.create('memory://', { loadDataDir: await made.get(kind)!, extensions: pgliteExtensions }));
}
