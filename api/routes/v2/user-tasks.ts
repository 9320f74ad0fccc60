/**
 * User tasks: search, get, assignment, unassignment, completion and update. Reads see the tasks of the
 * instances the caller sees (scope.ts). A dossier's task is changed only through the task list's
 * commands (`services/task-commands.ts`): agency scope, candidate groups and assignee, the step's form
 * and outcomes, the dossier's state machine and the audit row, as `/api/tasks` does. A task of the
 * engine's own tenant (no dossier) is worked by engine operators directly, with an audit row.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { UserTask, UserTaskFilter, UserTaskUpdate } from '../../../engine-adapter/workflow-engine.ts';
import { NotFoundError } from '../../../engine-adapter/errors.ts';
import { writeAudit } from '../../services/audit.ts';
import { loadTask } from '../../services/tasks.ts';
import { claimTask, completeTaskCommand, handoffTask, unclaimTask, type TaskActor } from '../../services/task-commands.ts';
import { OFFICERS, READERS, TASK_MANAGERS } from './access.ts';
import { restUserTask } from './mappers.ts';
import { invalid, Problem } from './problem.ts';
import { tenantScope, type ScopedInstance } from './scope.ts';
import { auditEngineOperation } from './operations.ts';
import { INDEXED_TEXT, keyParams, VARIABLES } from './schemas.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';

const STATES = ['CREATING', 'CREATED', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'COMPLETED', 'CANCELING', 'CANCELED', 'FAILED'] as const;

const SEARCH: SearchSpec = {
  what: 'user tasks',
  fields: {
    state: STATES, assignee: 'string', priority: 'integer', elementId: 'string', name: 'string', candidateGroup: 'string', candidateUser: 'string',
    tenantId: 'string', processDefinitionId: 'string', creationDate: 'date', followUpDate: 'date', dueDate: 'date',
    userTaskKey: 'key', processDefinitionKey: 'key', processInstanceKey: 'key', elementInstanceKey: 'key',
  },
  itemField: { candidateGroup: 'candidateGroups', candidateUser: 'candidateUsers' },
  unsupported: ['completionDate', 'processInstanceVariables', 'localVariables', 'tags'],
  sortFields: ['creationDate', 'followUpDate', 'dueDate', 'priority', 'name'],
};

const taskParams = keyParams('userTaskKey');
const ASSIGN_BODY = { type: 'object', additionalProperties: false, required: ['assignee'], properties: { assignee: { ...INDEXED_TEXT, minLength: 1 }, allowOverride: { type: 'boolean' }, action: { type: 'string' } } } as const;
const COMPLETE_BODY = { type: 'object', additionalProperties: false, properties: { variables: { anyOf: [VARIABLES, { type: 'null' }] }, action: { type: 'string' } } } as const;
const DATE_OR_EMPTY = { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'string', maxLength: 0 }, { type: 'null' }] };
const UPDATE_BODY = {
  type: 'object', additionalProperties: false,
  properties: {
    changeset: {
      type: 'object', additionalProperties: false,
      properties: { dueDate: DATE_OR_EMPTY, followUpDate: DATE_OR_EMPTY, candidateUsers: { type: 'array', items: { type: 'string' } }, candidateGroups: { type: 'array', items: { type: 'string' } }, priority: { type: 'integer', minimum: 0, maximum: 100 } },
    },
    action: { type: 'string' },
  },
} as const;

/** States the engine lists (a CREATING task is not a task yet: never listed). */
const ENGINE_STATES = new Set(['CREATED', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'CANCELING', 'COMPLETED', 'CANCELED']);

/** The engine-side filter for what can be pushed down (plain equality only). */
function engineFilter(filter: Record<string, unknown> = {}): UserTaskFilter {
  const f: UserTaskFilter = {};
  const pi = lookupValues(filter.processInstanceKey);
  if (pi?.length === 1) f.processInstanceKey = pi[0];
  if (typeof filter.state === 'string' && ENGINE_STATES.has(filter.state)) f.state = filter.state as UserTaskFilter['state'];
  if (typeof filter.assignee === 'string') f.assignee = filter.assignee;
  if (typeof filter.candidateGroup === 'string') f.candidateGroup = filter.candidateGroup;
  return f;
}

/** `PATCH` changeset → engine update; the empty string clears a date, as in Camunda. */
function toUpdate(changeset: Record<string, unknown> = {}): UserTaskUpdate {
  const out: UserTaskUpdate = {};
  for (const f of ['dueDate', 'followUpDate'] as const) if (changeset[f] !== undefined) out[f] = (changeset[f] as string | null) || null;
  for (const f of ['candidateUsers', 'candidateGroups'] as const) if (changeset[f] !== undefined) out[f] = changeset[f] as string[];
  if (changeset.priority !== undefined) out.priority = changeset.priority as number;
  return out;
}

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;
  const key = (params: unknown) => (params as { userTaskKey: string }).userTaskKey;
  const actor = (request: FastifyRequest): TaskActor => ({ user: request.user, audit: request.auditContext(), lang: request.lang });

  const toRest = (items: Array<{ task: UserTask; instance: ScopedInstance }>) => items.map(({ task, instance }) => restUserTask(task, instance.view.version, instance.tenantId));

  async function candidates(filter: Record<string, unknown> = {}): Promise<UserTask[]> {
    const keys = lookupValues(filter.userTaskKey);
    if (!keys) return engine.listUserTasks(engineFilter(filter));
    const found = await Promise.all(keys.map((k) => engine.getUserTask(k).catch((e: unknown) => { if (e instanceof NotFoundError) return undefined; throw e; })));
    return found.filter((t): t is UserTask => t !== undefined);
  }

  /** A command's answer: the live task stream woken up, 204 as Camunda answers. */
  const done = (reply: FastifyReply) => {
    app.taskFeed.wake();
    return reply.status(204).send();
  };

  /** The audit row of a command on a task of the engine's own tenant. */
  const engineTaskAudit = (request: FastifyRequest, task: UserTask, operation: string, after: Record<string, unknown> = {}) =>
    auditEngineOperation(app, request, { action: `engine.user_task.${operation}`, targetType: 'task', targetId: task.key, after: { processInstanceKey: task.processInstanceKey, elementId: task.elementId, ...after } });

  /** The user named by a Camunda `assignee` (a username or a user id), or 400 naming the field. */
  async function assigneeUser(request: FastifyRequest, assignee: string) {
    const byName = await app.db.selectFrom('users').select(['id', 'username']).where('username', '=', assignee).executeTakeFirst();
    const user = byName ?? (/^[0-9a-f-]{36}$/i.test(assignee) ? await app.db.selectFrom('users').select(['id', 'username']).where('id', '=', assignee).executeTakeFirst() : undefined);
    if (!user) throw invalid(`Request property [assignee] names no user: '${assignee}'`, `Trường [assignee] không phải người dùng: '${assignee}'`, { fields: [{ field: 'assignee' }] });
    return user;
  }

  app.post('/v2/user-tasks/search', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm tác vụ người dùng / search user tasks', body: searchBodySchema(SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    return search(SEARCH, toRest(await tenantScope(app, request).userTasks(await candidates(body.filter))), body);
  });

  app.get('/v2/user-tasks/:userTaskKey', {
    config: { access: READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Đọc tác vụ người dùng / get a user task', params: taskParams },
  }, async (request) => toRest([await tenantScope(app, request).userTaskOr404(key(request.params))])[0]);

  app.post('/v2/user-tasks/:userTaskKey/assignment', {
    config: { access: OFFICERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Giao tác vụ / assign a user task', params: taskParams, body: ASSIGN_BODY },
  }, async (request, reply) => {
    const b = request.body as { assignee: string; allowOverride?: boolean };
    const { task, instance } = await tenantScope(app, request).userTaskOr404(key(request.params));
    if (!instance.dossier) {
      if (b.allowOverride === false && task.assignee && task.assignee !== b.assignee) throw new Problem(409, `User task '${task.key}' is already assigned to '${task.assignee}'`, `Tác vụ '${task.key}' đã được giao cho '${task.assignee}'`);
      await engine.assignUserTask(task.key, b.assignee);
      await engineTaskAudit(request, task, 'assign', { assignee: b.assignee });
      return done(reply);
    }
    // A dossier's task: assigning oneself is claiming it; assigning another is handing it over.
    const target = await assigneeUser(request, b.assignee);
    if (b.allowOverride === false && task.assignee && task.assignee !== target.id) throw new Problem(409, `User task '${task.key}' is already assigned`, `Tác vụ '${task.key}' đã được giao cho người khác`);
    const row = await loadTask(app.db, request.user, task.key);
    if (target.id === request.user.id && (!row.assignee_id || row.assignee_id === request.user.id)) await claimTask(app, actor(request), task.key);
    else await handoffTask(app, actor(request), task.key, target.id, 'assignee');
    return done(reply);
  });

  app.delete('/v2/user-tasks/:userTaskKey/assignee', {
    config: { access: OFFICERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Bỏ giao tác vụ / unassign a user task', params: taskParams },
  }, async (request, reply) => {
    const { task, instance } = await tenantScope(app, request).userTaskOr404(key(request.params));
    if (instance.dossier) {
      await unclaimTask(app, actor(request), task.key);
      return done(reply);
    }
    await engine.unassignUserTask(task.key);
    await engineTaskAudit(request, task, 'unassign', { assignee: null });
    return done(reply);
  });

  app.post('/v2/user-tasks/:userTaskKey/completion', {
    config: { access: OFFICERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Hoàn thành tác vụ / complete a user task', params: taskParams, body: COMPLETE_BODY },
  }, async (request, reply) => {
    const b = request.body as { variables?: Record<string, unknown> | null };
    const { task, instance } = await tenantScope(app, request).userTaskOr404(key(request.params));
    if (instance.dossier) {
      await completeTaskCommand(app, actor(request), task.key, b.variables ?? {});
      return done(reply);
    }
    await engine.completeUserTask(task.key, b.variables ?? undefined);
    await engineTaskAudit(request, task, 'complete', { variables: Object.keys(b.variables ?? {}) });
    return done(reply);
  });

  app.patch('/v2/user-tasks/:userTaskKey', {
    config: { access: TASK_MANAGERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Cập nhật hạn, ứng viên, ưu tiên / update a user task', params: taskParams, body: UPDATE_BODY },
  }, async (request, reply) => {
    const b = request.body as { changeset?: Record<string, unknown> };
    const changes = toUpdate(b.changeset);
    const { task, instance } = await tenantScope(app, request).userTaskOr404(key(request.params));
    if (!instance.dossier) {
      await engine.updateUserTask(task.key, changes);
      await engineTaskAudit(request, task, 'update', { changes });
      return done(reply);
    }
    // Who works a dossier's step is the procedure's process (its candidate group): not changed here.
    const fixed = (['candidateGroups', 'candidateUsers'] as const).filter((f) => changes[f] !== undefined);
    if (fixed.length) {
      throw new Problem(403, `The candidates of dossier ${instance.dossier.code}'s tasks are set by its procedure's process; hand the task over instead (POST /api/tasks/${task.key}/handoff)`,
        `Nhóm xử lý công việc của hồ sơ ${instance.dossier.code} do quy trình của thủ tục quy định; hãy chuyển công việc (POST /api/tasks/${task.key}/handoff)`, { fields: fixed.map((f) => ({ field: `changeset.${f}` })) });
    }
    if (!request.user.roles.some((r) => r === 'leader' || r === 'supervisor')) throw new Problem(403, 'Only leaders and supervisors change a dossier task\'s dates and priority', 'Chỉ lãnh đạo, cán bộ giám sát được đổi hạn, độ ưu tiên công việc của hồ sơ');
    const row = await loadTask(app.db, request.user, task.key);
    await engine.updateUserTask(task.key, changes);
    await app.db.transaction().execute((tx) => writeAudit(tx, request.auditContext(), { action: 'task.update', targetType: 'task', targetId: task.key, agencyId: row.agency_id, after: { dossier: instance.dossier!.code, ...changes } }));
    return done(reply);
  });
};

export default routes;
