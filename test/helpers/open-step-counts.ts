/**
 * The open-step counters (migrations 2026120801, 2026121801) against a recount from the task rows: `open_step_counts`
 * plus the deltas not yet rolled up equal a `group by` over the running open tasks, `dossier_open_steps`
 * the running open tasks per dossier, and `open_step_excess` (migration 2026121602) each dossier's running
 * tasks after its first (by due instant, then key) in each subtree, step of a subtree and agency, recounted
 * here in plain code.
 */
import type { Test } from 'tap';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../api/db/database.ts';

/** The counters and `dossier_open_steps` against a recount from the task rows (keyed by class: migration 2026121801). */
export async function countersMatch(t: Test, db: Kysely<Database>, label: string) {
  const running = sql`t.state = 'CREATED' and t.agency_id is not null and t.procedure_id is not null and t.dossier_status not in ('refused', 'stopped', 'returned', 'supplement_requested')`;
  const line = (x: Record<string, unknown>) => Object.values(x).map(String).join('|');
  const want = (await sql<Record<string, unknown>>`select t.agency_id, t.procedure_id, coalesce(t.step, t.element_id) as step, t.name,
      case when t.due_at is null then 'none' when t.sla_state is null then 'unset' else t.sla_state end as sla_class, count(*)::int as n
    from tasks t where ${running} group by 1, 2, 3, 4, 5`.execute(db)).rows.map(line).sort();
  const got = (await sql<Record<string, unknown>>`select agency_id, procedure_id, step, step_name, sla_class, sum(n)::int as n
    from (select * from open_step_counts union all select * from open_step_deltas) x group by 1, 2, 3, 4, 5 having sum(n) <> 0`.execute(db)).rows.map(line).sort();
  t.same(got, want, `${label}: counters + deltas = recount (${want.length} rows)`);
  const [{ bad }] = (await sql<{ bad: number }>`select count(*)::int as bad from open_step_counts where n <= 0`.execute(db)).rows as [{ bad: number }];
  t.equal(bad, 0, `${label}: no counter row at 0 or below`);
  const wantD = (await sql<Record<string, unknown>>`select t.dossier_id, count(*)::int as n from tasks t where ${running} group by 1`.execute(db)).rows.map(line).sort();
  const gotD = (await sql<Record<string, unknown>>`select dossier_id, n from dossier_open_steps`.execute(db)).rows.map(line).sort();
  t.same(gotD, wantD, `${label}: open steps per dossier = recount`);
  t.same(await excessRows(db), await excessRecount(db, running), `${label}: excess rows = recount`);
  const [{ deltas }] = (await sql<{ deltas: number }>`select count(*)::int as deltas from open_step_deltas`.execute(db)).rows as [{ deltas: number }];
  return { deltas, rows: got.length, multi: gotD.filter((x) => !x.endsWith('|1')).length };
}


const excessLine = (r: { root_id: string; kind: string; task_key: string; due_soon: boolean; due_at: Date | null; step_name: string | null }) =>
  `${r.kind}|${r.root_id}|${r.task_key}|${r.due_at?.toISOString() ?? '-'}|${r.due_soon}|${r.step_name ?? '-'}`;

async function excessRows(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ root_id: string; kind: string; task_key: string; due_soon: boolean; due_at: Date | null; step_name: string | null }>`
    select root_id, kind, task_key, due_soon, due_at, step_name from open_step_excess`.execute(db);
  return rows.rows.map(excessLine).sort();
}

/** The excess rows from their definition, over the running tasks and the agency tree. */
async function excessRecount(db: Kysely<Database>, running: RawBuilder<unknown>): Promise<string[]> {
  const parent = new Map((await sql<{ id: string; parent_id: string | null }>`select id, parent_id from agencies`.execute(db)).rows.map((a) => [a.id, a.parent_id]));
  const tasks = (await sql<{ key: string; dossier_id: string; agency_id: string; step: string; name: string | null; due_at: Date | null; sla_state: string | null }>`
    select t.key, t.dossier_id, t.agency_id, coalesce(t.step, t.element_id) as step, t.name, t.due_at, t.sla_state from tasks t where ${running}`.execute(db)).rows;
  const byDossier = new Map<string, typeof tasks>();
  for (const x of tasks) if (x.dossier_id) byDossier.set(x.dossier_id, [...(byDossier.get(x.dossier_id) ?? []), x]);
  const out: string[] = [];
  const order = (a: (typeof tasks)[number], b: (typeof tasks)[number]) =>
    (a.due_at?.getTime() ?? Infinity) - (b.due_at?.getTime() ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const beyondFirst = (kind: string, root: string, xs: typeof tasks) => {
    for (const x of [...xs].sort(order).slice(1)) out.push(excessLine({ root_id: root, kind, task_key: x.key, due_soon: x.sla_state === 'due_soon', due_at: x.due_at, step_name: x.name }));
  };
  for (const xs of byDossier.values()) {
    if (xs.length < 2) continue;
    const roots = new Map<string, typeof tasks>();
    for (const x of xs) for (let a: string | null | undefined = x.agency_id; a; a = parent.get(a)) roots.set(a, [...(roots.get(a) ?? []), x]);
    for (const [root, inRoot] of roots) {
      beyondFirst('dossier', root, inRoot);
      for (const step of new Set(inRoot.map((x) => x.step))) beyondFirst('step', root, inRoot.filter((x) => x.step === step));
      beyondFirst('agency', root, inRoot.filter((x) => x.agency_id === root));
    }
  }
  return out.sort();
}
