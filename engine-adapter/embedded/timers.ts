/** Firing due timers: each timer is one step; repeating timers are rescheduled in the same step. */
import type { EngineCore } from './core.ts';
import { nextTimer, triggerEvent } from './events.ts';
import type { TimerRow } from './state.ts';

function asRow(r: Record<string, any>): TimerRow {
  const k = (v: unknown) => (v == null ? null : String(v));
  return {
    key: String(r.key), due_at: new Date(r.due_at), process_instance_key: k(r.process_instance_key), element_instance_key: k(r.element_instance_key),
    element_id: r.element_id, process_definition_key: String(r.process_definition_key), repetitions: Number(r.repetitions), interval: r.interval,
  };
}

async function fire(core: EngineCore, key: string): Promise<boolean> {
  return core.step(async (ctx) => {
    const raw = await ctx.tx.deleteFrom('engine_timer').where('key', '=', key).where('due_at', '<=', ctx.now).returningAll().executeTakeFirst();
    if (!raw) return false;
    const row = asRow(raw);
    if (row.process_instance_key === null) {
      const def = await core.defs.byKey(ctx.tx, row.process_definition_key);
      core.createInstance(ctx, def, {}, row.element_id);
      const next = nextTimer(row, ctx.keys.next());
      if (next) ctx.timers.push(next);
      return true;
    }
    const inst = await core.instance(ctx, row.process_instance_key);
    if (inst.state !== 'ACTIVE') return true;
    const owner = row.element_instance_key!;
    if (!triggerEvent(core.exec(ctx, inst), owner, row.element_id, {})) return true;
    const next = inst.doc.elements[owner] ? nextTimer(row, ctx.keys.next()) : undefined;
    if (next) ctx.timers.push(next);
    return true;
  });
}

/** Fires every timer due now (up to `limit`); returns how many fired. */
export async function fireDueTimers(core: EngineCore, limit = 500): Promise<number> {
  const due = await core.db.selectFrom('engine_timer').select('key').where('due_at', '<=', core.clock.now()).orderBy('due_at').limit(limit).execute();
  let fired = 0;
  for (const { key } of due) if (await fire(core, String(key))) fired++;
  return fired;
}
