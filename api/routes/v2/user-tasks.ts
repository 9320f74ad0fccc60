/** User tasks: search, get, assignment, unassignment, completion and update. */
import type { FastifyPluginAsync } from 'fastify';
import type { UserTask, UserTaskFilter, UserTaskUpdate } from '../../../engine-adapter/workflow-engine.ts';
import { NotFoundError } from '../../../engine-adapter/errors.ts';
import { OFFICERS, READERS, TASK_MANAGERS } from './access.ts';
import { restUserTask } from './mappers.ts';
import { Problem } from './problem.ts';
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

/** The engine-side filter for what can be pushed down (plain equality only). */
function engineFilter(filter: Record<string, unknown> = {}): UserTaskFilter {
  const f: UserTaskFilter = {};
  const pi = lookupValues(filter.processInstanceKey);
  if (pi?.length === 1) f.processInstanceKey = pi[0];
  if (filter.state === 'CREATED' || filter.state === 'COMPLETED' || filter.state === 'CANCELED') f.state = filter.state;
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

  /** Maps tasks with their definition version (read once per instance). */
  async function toRest(tasks: UserTask[]) {
    const versions = new Map<string, Promise<number | null>>();
    const versionOf = (pi: string) => {
      if (!versions.has(pi)) versions.set(pi, engine.getProcessInstance(pi).then((p) => p?.version ?? null));
      return versions.get(pi)!;
    };
    return Promise.all(tasks.map(async (t) => restUserTask(t, await versionOf(t.processInstanceKey))));
  }

  async function candidates(filter: Record<string, unknown> = {}): Promise<UserTask[]> {
    const keys = lookupValues(filter.userTaskKey);
    if (!keys) return engine.listUserTasks(engineFilter(filter));
    const found = await Promise.all(keys.map((k) => engine.getUserTask(k).catch((e: unknown) => { if (e instanceof NotFoundError) return undefined; throw e; })));
    return found.filter((t): t is UserTask => t !== undefined);
  }

  app.post('/v2/user-tasks/search', {
    config: { access: READERS },
    schema: { tags: ['v2'], summary: 'Tìm tác vụ người dùng / search user tasks', body: searchBodySchema(SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SEARCH, body);
    return search(SEARCH, await toRest(await candidates(body.filter)), body);
  });

  app.get('/v2/user-tasks/:userTaskKey', {
    config: { access: READERS },
    schema: { tags: ['v2'], summary: 'Đọc tác vụ người dùng / get a user task', params: taskParams },
  }, async (request) => (await toRest([await engine.getUserTask(key(request.params))]))[0]);

  app.post('/v2/user-tasks/:userTaskKey/assignment', {
    config: { access: OFFICERS },
    schema: { tags: ['v2'], summary: 'Giao tác vụ / assign a user task', params: taskParams, body: ASSIGN_BODY },
  }, async (request, reply) => {
    const b = request.body as { assignee: string; allowOverride?: boolean };
    if (b.allowOverride === false) {
      const task = await engine.getUserTask(key(request.params));
      if (task.assignee && task.assignee !== b.assignee) throw new Problem(409, `User task '${task.key}' is already assigned to '${task.assignee}'`, `Tác vụ '${task.key}' đã được giao cho '${task.assignee}'`);
    }
    await engine.assignUserTask(key(request.params), b.assignee);
    return reply.status(204).send();
  });

  app.delete('/v2/user-tasks/:userTaskKey/assignee', {
    config: { access: OFFICERS },
    schema: { tags: ['v2'], summary: 'Bỏ giao tác vụ / unassign a user task', params: taskParams },
  }, async (request, reply) => {
    await engine.unassignUserTask(key(request.params));
    return reply.status(204).send();
  });

  app.post('/v2/user-tasks/:userTaskKey/completion', {
    config: { access: OFFICERS },
    schema: { tags: ['v2'], summary: 'Hoàn thành tác vụ / complete a user task', params: taskParams, body: COMPLETE_BODY },
  }, async (request, reply) => {
    const b = request.body as { variables?: Record<string, unknown> | null };
    await engine.completeUserTask(key(request.params), b.variables ?? undefined);
    return reply.status(204).send();
  });

  app.patch('/v2/user-tasks/:userTaskKey', {
    config: { access: TASK_MANAGERS },
    schema: { tags: ['v2'], summary: 'Cập nhật hạn, ứng viên, ưu tiên / update a user task', params: taskParams, body: UPDATE_BODY },
  }, async (request, reply) => {
    const b = request.body as { changeset?: Record<string, unknown> };
    await engine.updateUserTask(key(request.params), toUpdate(b.changeset));
    return reply.status(204).send();
  });
};

export default routes;
