/** Reads and writes of the executor's state within a step's transaction. */
import { sql, type Kysely } from 'kysely';
import type { UserTask } from '../workflow-engine.ts';
import type { Cleanup, LoadedInstance, StepContext } from './step-context.ts';
import type { InstanceDoc, UserTaskRow } from './state.ts';
import { assignAndIndexVariableKeys } from './variable-key-index.ts';
import { visibleVariables } from './variables.ts';
import { WriteBatch } from './write-batch.ts';
import type { ProcessDefinition } from './model.ts';

/** Converts a `engine_user_task` row to the public shape. */
export function toUserTask(r: Record<string, any>): UserTask {
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    key: String(r.key), state: r.state, processInstanceKey: String(r.process_instance_key), processDefinitionKey: String(r.process_definition_key),
    bpmnProcessId: r.bpmn_process_id, elementId: r.element_id, elementInstanceKey: String(r.element_instance_key), name: r.name ?? null,
    assignee: r.assignee ?? null, candidateGroups: json(r.candidate_groups), candidateUsers: json(r.candidate_users), dueDate: r.due_date ?? null,
    followUpDate: r.follow_up_date ?? null, priority: Number(r.priority), formKey: r.form_key ?? null, customHeaders: json(r.custom_headers),
    creationDate: new Date(r.created_at),
  };
}

/** Locks and loads an instance row; undefined if it does not exist. */
export async function loadInstanceRow(tx: Kysely<any>, key: string): Promise<Record<string, any> | undefined> {
  return tx.selectFrom('engine_process_instance').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
}

/** Builds a {@link LoadedInstance} from its row. */
export function fromRow(row: Record<string, any>, def: ProcessDefinition): LoadedInstance {
  const doc = (typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc) as InstanceDoc;
  return {
    key: String(row.key), def, doc, state: row.state, isNew: false, startedAt: new Date(row.started_at), endedAt: row.ended_at ? new Date(row.ended_at) : null,
    parentInstanceKey: row.parent_instance_key == null ? null : String(row.parent_instance_key),
    parentElementInstanceKey: row.parent_element_instance_key == null ? null : String(row.parent_element_instance_key),
  };
}

function keep<T>(rows: T[], cleanup: Cleanup, eiKey: (r: T) => string | null, kind: keyof Cleanup): T[] {
  const gone = cleanup[kind];
  return gone.size ? rows.filter((r) => !gone.has(eiKey(r) ?? '')) : rows;
}

/** User-task states of a task not yet ended: created, or in a transition whose listeners run. */
const OPEN_TASK_STATES = ['CREATED', 'CREATING', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'CANCELING'];

async function deleteOwned(ctx: StepContext, writes: WriteBatch): Promise<void> {
  const { tx, cleanup } = ctx;
  const list = (set: Set<string>) => [...set];
  writes.deleteWhereIn('engine_job', 'element_instance_key', list(cleanup.jobs));
  writes.deleteWhereIn('engine_timer', 'element_instance_key', list(cleanup.timers));
  writes.deleteWhereIn('engine_message_subscription', 'element_instance_key', list(cleanup.subs));
  writes.deleteWhereIn('engine_signal_subscription', 'element_instance_key', list(cleanup.subs));
  writes.deleteWhereIn('engine_incident', 'element_instance_key', list(cleanup.incidents));
  if (cleanup.userTasks.size) {
    const before = await tx.selectFrom('engine_user_task').select(['key', 'state'])
      .where('element_instance_key', 'in', list(cleanup.userTasks)).where('state', 'in', OPEN_TASK_STATES).execute();
    const announced = new Set(before.filter((r) => r.state !== 'CREATING').map((r) => String(r.key)));
    const rows = await tx.updateTable('engine_user_task').set({ state: 'CANCELED', ended_at: ctx.now })
      .where('element_instance_key', 'in', list(cleanup.userTasks)).where('state', 'in', OPEN_TASK_STATES).returningAll().execute();
    // A task still CREATING (its creating listeners not done) was never announced: no canceled event either.
    for (const r of rows) if (announced.has(String(r.key))) ctx.events.push({ type: 'canceled', task: toUserTask(r) });
  }
}

function insertRows(ctx: StepContext, writes: WriteBatch): void {
  const { cleanup } = ctx;
  const jobs = keep(ctx.jobs, cleanup, (r) => r.element_instance_key, 'jobs');
  writes.insert('engine_job', jobs.map((j) => ({ ...j, kind: j.kind ?? 'BPMN_ELEMENT', listener_event_type: j.listener_event_type ?? 'UNSPECIFIED' })));
  writes.insert('engine_timer', keep(ctx.timers, cleanup, (r) => r.element_instance_key, 'timers'));
  writes.insert('engine_message_subscription', keep(ctx.subs, cleanup, (r) => r.element_instance_key, 'subs'));
  writes.insert('engine_signal_subscription', keep(ctx.signalSubs, cleanup, (r) => r.element_instance_key, 'subs'));
  writes.insert('engine_incident', keep(ctx.incidents, cleanup, (r) => r.element_instance_key, 'incidents'));
  const tasks: UserTaskRow[] = ctx.userTasks.map((r) => (cleanup.userTasks.has(r.element_instance_key) ? { ...r, state: 'CANCELED', ended_at: ctx.now } : r));
  writes.insert('engine_user_task', tasks);
  writes.insert('engine_element_history', ctx.history);
  const creating = new Set(ctx.userTasks.filter((r) => r.state === 'CREATING').map((r) => r.key));
  for (const t of tasks) {
    if (creating.has(t.key)) continue; // announced when its creating listeners are done
    ctx.events.push({ type: 'created', task: toUserTask(t) });
    if (t.state === 'CANCELED') ctx.events.push({ type: 'canceled', task: toUserTask(t) });
  }
}

function writeInstances(ctx: StepContext, writes: WriteBatch): void {
  const all = [...ctx.instances.values()];
  assignAndIndexVariableKeys(all, () => ctx.keys.next(), writes); // variable keys and their index (variable-key-index.ts)
  writes.insert('engine_process_instance', all.filter((i) => i.isNew).map((i) => ({
    key: i.key, process_definition_key: i.def.key, bpmn_process_id: i.def.bpmnProcessId, version: i.def.version, state: i.state,
    doc: JSON.stringify(i.doc), parent_instance_key: i.parentInstanceKey, parent_element_instance_key: i.parentElementInstanceKey,
    started_at: i.startedAt, ended_at: i.endedAt,
  })));
  const changed = all.filter((i) => !i.isNew);
  for (let n = 0; n < changed.length; n += 1000) {
    const rows = sql.join(changed.slice(n, n + 1000).map((i) => sql`(${i.key}::bigint, ${i.state}::text, ${JSON.stringify(i.doc)}::jsonb, ${i.endedAt}::timestamptz)`));
    writes.add(sql`update engine_process_instance i set state = v.state, doc = v.doc, ended_at = v.ended_at
      from (values ${rows}) as v(key, state, doc, ended_at) where i.key = v.key`, Math.min(1000, changed.length - n) * 4);
  }
}

/** Locks and loads several instance rows at once, in key order (a consistent lock order). */
export async function loadInstanceRows(tx: Kysely<any>, keys: string[]): Promise<Record<string, any>[]> {
  if (!keys.length) return [];
  return tx.selectFrom('engine_process_instance').selectAll().where('key', 'in', keys).orderBy('key').forUpdate().execute();
}

/** Records the step's user-task events in the same transaction (a durable feed beside the in-process push). */
async function writeEvents(ctx: StepContext): Promise<void> {
  if (!ctx.events.length) return;
  // Held until commit: feed positions are then handed out in commit order, so readers never skip one.
  await sql`select pg_advisory_xact_lock(7281946501)`.execute(ctx.tx);
  const writes = new WriteBatch();
  writes.insert('engine_user_task_event', ctx.events.map((e) => ({
    type: e.type, user_task_key: e.task.key, task: JSON.stringify(e.task), variables: e.variables ? JSON.stringify(e.variables) : null, created_at: ctx.now,
  })));
  await writes.execute(ctx.tx);
}

/** Writes everything the step buffered (its user-task events too, unless the durable feed is off). */
export async function flush(ctx: StepContext, durableFeed = true): Promise<void> {
  const writes = new WriteBatch();
  await deleteOwned(ctx, writes);
  insertRows(ctx, writes);
  writeInstances(ctx, writes);
  await writes.execute(ctx.tx);
  if (durableFeed) await writeEvents(ctx);
}

/** The oldest buffered message for a subscription that the instance has not yet received. */
export async function takeBufferedMessage(ctx: StepContext, name: string, correlationKey: string, instanceKey: string): Promise<Record<string, any> | undefined> {
  await lockCorrelation(ctx, name, correlationKey);
  const row = await ctx.tx.selectFrom('engine_message').selectAll().where('name', '=', name).where('correlation_key', '=', correlationKey)
    .where('expires_at', '>', ctx.now).where(sql<boolean>`not (correlated @> jsonb_build_array(${instanceKey}::text))`)
    .orderBy('key').limit(1).forUpdate().executeTakeFirst();
  if (!row) return undefined;
  await ctx.tx.updateTable('engine_message').set({ correlated: sql`correlated || jsonb_build_array(${instanceKey}::text)` }).where('key', '=', row.key).execute();
  return row;
}

/**
 * Jobs carry a snapshot of their variables taken at creation; after variables change without the job's
 * element completing (setVariables), the snapshots of the instance's jobs not yet activated are renewed.
 */
export async function refreshJobVariables(ctx: StepContext, inst: LoadedInstance): Promise<void> {
  const jobs = await ctx.tx.selectFrom('engine_job').select(['key', 'element_instance_key']).where('process_instance_key', '=', inst.key)
    .where('state', '<>', 'ACTIVATED').execute();
  for (const job of jobs) {
    const eiKey = String(job.element_instance_key);
    if (!inst.doc.elements[eiKey]) continue;
    await ctx.tx.updateTable('engine_job').set({ variables: JSON.stringify(visibleVariables(inst.doc, eiKey)) }).where('key', '=', job.key).execute();
  }
}

/**
 * Serialises publishing a message and opening a subscription for the same name and correlation key,
 * so that neither misses the other when both commit at the same time.
 */
export async function lockCorrelation(ctx: StepContext, name: string, correlationKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`${name}\u001f${correlationKey}`})::bigint)`.execute(ctx.tx);
}
