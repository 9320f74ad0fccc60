/**
 * The ordered outbox's lease query answers "an older pending event of this dossier?" from
 * `outbox_pending_key_idx` (migration 2026121401), one probe per candidate, even with statistics taken
 * when nothing was pending, as a vacuum usually finds the outbox: the id index, with the same rows, read
 * every pending event for each candidate (40 ms at a backlog of 800, growing with its square).
 */
import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { claimDue, claimStatement } from '../../api/workers/outbox-claim.ts';
import type { Database } from '../../api/db/database.ts';

const TOPICS = ['dossier.accepted', 'task.complete'];

/** The index names of a JSON plan, with the conditions each was read with. */
function indexScans(plan: unknown): Array<{ index: string; cond: string }> {
  const out: Array<{ index: string; cond: string }> = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') out.push({ index: node['Index Name'], cond: String(node['Index Cond'] ?? '') });
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(((typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
  return out;
}

for (const target of databaseTargets()) {
  t.test(`the lease query's order test reads its index on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const db = h.db as Kysely<Database>;
    // Statistics of an outbox with nothing pending, then a backlog: 200 dossiers with two pending events each.
    await sql`insert into outbox (topic, key, payload, created_at, available_at, processed_at)
      select 'dossier.accepted', null, jsonb_build_object('dossierId', 'old' || i), now(), now(), now() from generate_series(1, 2000) as i`.execute(db);
    await sql`vacuum analyze outbox`.execute(db);
    for (const topic of TOPICS) {
      await sql`insert into outbox (topic, key, payload, created_at, available_at)
        select ${topic}, null, jsonb_build_object('dossierId', 'd' || i), now(), now() - interval '1 second' from generate_series(1, 200) as i`.execute(db);
    }
    const req = { topics: TOPICS, orderKey: 'dossierId', limit: 8, now: new Date(), leaseUntil: new Date(Date.now() + 10_000) };
    const compiled = claimStatement(db, req).compile();
    const plan = await db.transaction().execute(async (tx) =>
      (await tx.executeQuery<{ 'QUERY PLAN': unknown }>({ ...compiled, sql: `explain (format json) ${compiled.sql}` })).rows[0]!['QUERY PLAN']);
    const scans = indexScans(plan);
    t.ok(scans.some((s) => s.index === 'outbox_pending_key_idx' && /dossierId/.test(s.cond) && /id < o\.id/.test(s.cond)),
      `the older-event test is one probe of outbox_pending_key_idx by dossier and id: ${JSON.stringify(scans)}`);

    const claimed = await claimDue(db, req);
    t.same(claimed.map((e) => `${e.topic}:${(e.payload as { dossierId: string }).dossierId}`),
      ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'].map((d) => `dossier.accepted:${d}`), 'each dossier\'s oldest event, in order');
  });
}
