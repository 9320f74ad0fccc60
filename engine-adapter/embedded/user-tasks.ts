/** User-task commands: assign, unassign, update, complete. */
import { InvalidArgumentError, InvalidStateError, NotFoundError } from '../errors.ts';
import type { UserTask, UserTaskEvent, UserTaskFilter, UserTaskUpdate, Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { toUserTask } from './store.ts';
import { startTransition } from './task-transitions.ts';
import { awaitTransition } from './transition-outcome.ts';
import { assertVariables } from './variables.ts';

async function openTask(core: EngineCore, key: string, set: Record<string, unknown>, event: 'assigning' | 'updating'): Promise<void> {
  const transition = await core.step(async (ctx) => {
    const id = await startTransition(core, ctx, key, event, set);
    if (id) return id; // its listeners run first (task-transitions.ts); answered when they are done

    const row = await ctx.tx.updateTable('engine_user_task').set(set).where('key', '=', key).where('state', '=', 'CREATED').returningAll().executeTakeFirst();
    if (!row) {
      const exists = await ctx.tx.selectFrom('engine_user_task').select('state').where('key', '=', key).executeTakeFirst();
      if (exists) throw new InvalidStateError(`User task '${key}' is ${exists.state}`, { key });
      throw new NotFoundError('User task', key);
    }
    ctx.events.push({ type: 'updated', task: toUserTask(row) });
    return undefined;
  });
  if (transition) await awaitTransition(core, key, transition, event === 'assigning' ? 'ASSIGN' : 'UPDATE');
}

/** Assigns a user task. */
export async function assignUserTask(core: EngineCore, key: string, assignee: string): Promise<void> {
  if (!assignee) throw new InvalidArgumentError('assignee is required', { key });
  return openTask(core, key, { assignee }, 'assigning');
}

/** Unassigns a user task. */
export async function unassignUserTask(core: EngineCore, key: string): Promise<void> {
  return openTask(core, key, { assignee: null }, 'assigning');
}

/** Updates the schedule, candidates or priority of a user task. */
export async function updateUserTask(core: EngineCore, key: string, changes: UserTaskUpdate): Promise<void> {
  const set: Record<string, unknown> = {};
  if (changes.dueDate !== undefined) set.due_date = changes.dueDate;
  if (changes.followUpDate !== undefined) set.follow_up_date = changes.followUpDate;
  if (changes.candidateGroups !== undefined) set.candidate_groups = JSON.stringify(changes.candidateGroups);
  if (changes.candidateUsers !== undefined) set.candidate_users = JSON.stringify(changes.candidateUsers);
  if (changes.priority !== undefined) set.priority = changes.priority;
  if (!Object.keys(set).length) throw new InvalidArgumentError('nothing to update', { key });
  return openTask(core, key, set, 'updating');
}

/** Completes a user task and advances its instance. */
export async function completeUserTask(core: EngineCore, key: string, variables?: Variables): Promise<void> {
  const vars = assertVariables(variables);
  const transition = await core.step(async (ctx): Promise<string | undefined> => {
    const id = await startTransition(core, ctx, key, 'completing', {}, vars);
    if (id) return id;
    const row = await ctx.tx.updateTable('engine_user_task').set({ state: 'COMPLETED', ended_at: ctx.now }).where('key', '=', key).where('state', '=', 'CREATED').returningAll().executeTakeFirst();
    if (!row) {
      const exists = await ctx.tx.selectFrom('engine_user_task').select('state').where('key', '=', key).executeTakeFirst();
      if (exists) throw new InvalidStateError(`User task '${key}' is ${exists.state}`, { key });
      throw new NotFoundError('User task', key);
    }
    ctx.events.push({ type: 'completed', task: toUserTask(row), variables: vars });
    const inst = await core.instance(ctx, String(row.process_instance_key));
    const ei = inst.doc.elements[String(row.element_instance_key)];
    if (!ei) return undefined;
    ei.own = { ...ei.own, userTask: false };
    core.exec(ctx, inst).completeWith(ei, vars);
    return undefined;
  });
  if (transition) await awaitTransition(core, key, transition, 'COMPLETE');
}

/** Lists user tasks, oldest first (by key; `afterKey` and `limit` page them, the candidate group is filtered after the limit). */
export async function listUserTasks(core: EngineCore, filter: UserTaskFilter = {}): Promise<UserTask[]> {
  let q = core.db.selectFrom('engine_user_task').selectAll();
  if (filter.processInstanceKey) q = q.where('process_instance_key', '=', filter.processInstanceKey);
  if (filter.state) q = q.where('state', '=', filter.state);
  else q = q.where('state', '<>', 'CREATING'); // not a task yet: its creating listeners run
  if (filter.assignee) q = q.where('assignee', '=', filter.assignee);
  if (filter.afterKey !== undefined) q = q.where('key', '>', filter.afterKey);
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  const rows = (await q.orderBy('key').execute()).map(toUserTask);
  return filter.candidateGroup ? rows.filter((t) => t.candidateGroups.includes(filter.candidateGroup!)) : rows;
}

/** Reads one user task. */
export async function getUserTask(core: EngineCore, key: string): Promise<UserTask> {
  const row = await core.db.selectFrom('engine_user_task').selectAll().where('key', '=', key).where('state', '<>', 'CREATING').executeTakeFirst();
  if (!row) throw new NotFoundError('User task', key);
  return toUserTask(row);
}

/** A user-task event with its position in the durable feed. */
export type StoredUserTaskEvent = UserTaskEvent & { seq: number };

/** User-task events after `afterSeq`, in commit order of their steps (for catching up after a restart). */
export async function readUserTaskEvents(core: EngineCore, afterSeq: number, limit: number): Promise<StoredUserTaskEvent[]> {
  const rows = await core.db.selectFrom('engine_user_task_event').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return rows.map((r) => {
    const task = json(r.task);
    const event: StoredUserTaskEvent = { seq: Number(r.seq), type: r.type, task: { ...task, creationDate: new Date(task.creationDate) } };
    if (r.variables != null) event.variables = json(r.variables);
    return event;
  });
}
