/**
 * Who sees and changes what on `/v2`: Camunda 8's tenants mapped to our agencies, with the same rule
 * as `/api`.
 *
 * - A process instance of a dossier (the instance the dossier started, or one called from it) belongs
 *   to the tenant of the dossier's handling agency (`tenantId` = that agency's id). A user sees it
 *   when they see the dossier on `/api`: the dossier was received by, or handed to, an agency of their
 *   subtree. Everything of the instance — user tasks, variables, element instances, incidents — goes
 *   with it. Anything else is absent: 404 for its key, missing from searches and counts.
 * - An instance of no dossier (a process deployed through `/v2` outside the catalogue, e.g. an
 *   integration's or a test's) belongs to the engine's own tenant `<default>`: engine operators
 *   (`admin`) see and operate it; no one else does. A dossier whose start is in flight (no instance
 *   key recorded yet) is found by the `dossierCode` its instance carries (`/v2` refuses to set that
 *   variable); an instance of a procedure's process tied to no dossier at all (the cluster side of a
 *   Zeebe-adapter setup, whose dossiers live in another database) is the engine tenant's.
 * - Jobs and messages are the engine's machinery: worked by `integration` accounts (and admins), not
 *   scoped to an agency (see README.md).
 *
 * Every `/v2` route declares its scope in `config.v2Scope`; a route that declares none fails at start,
 * and `test/api/v2/scope-matrix.test.ts` checks each `tenant` route against a foreign agency's keys.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Incident, ProcessInstanceView, UserTask } from '../../../engine-adapter/workflow-engine.ts';
import { NotFoundError } from '../../../engine-adapter/errors.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { agencySubtree } from '../../services/agencies.ts';
import { notFound } from './problem.ts';
import { DEFAULT_TENANT } from './schemas.ts';

/**
 * The dossiers of these root instances (or, whose start is in flight, of these codes), each with whether an
 * agency of `scope` sees it: found by `dossiers_process_instance_idx` (migration 2026122001) and the code's
 * unique index; without the first, a page of instances read all 1,000,000 dossiers (290 ms).
 */
export function instanceDossiers(db: Kysely<Database>, roots: string[], codes: string[], scope: string[]) {
  return db.selectFrom('dossiers')
    .select(['id', 'code', 'status', 'process_instance_key', 'handling_agency_id', 'receiving_agency_id'])
    .select((eb) => eb.exists(eb.selectFrom('dossier_agencies').select(sql`1`.as('one')).whereRef('dossier_agencies.dossier_id', '=', 'dossiers.id').where('dossier_agencies.agency_id', 'in', scope)).as('visible'))
    .where((eb) => eb.or([
      eb('process_instance_key', 'in', roots),
      ...(codes.length ? [eb.and([eb('process_instance_key', 'is', null), eb('code', 'in', codes)])] : []),
    ]));
}

/**
 * How a `/v2` route is scoped: `tenant` — it reads or changes process instances and what belongs to
 * them, narrowed to the caller's tenants; `catalogue` — shared process definitions (as
 * `/api/procedures`), changed only through the procedure checks; `machine` — jobs and messages, the
 * engine's own clients' work; `cluster` — topology, status, unserved endpoints.
 */
export type V2ScopeKind = 'tenant' | 'catalogue' | 'machine' | 'cluster';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How a `/v2` route is scoped (required on every `/v2` route). */
    v2Scope?: V2ScopeKind;
  }
}

/** The dossier an instance belongs to, if any. */
export interface InstanceDossier {
  id: string;
  code: string;
  status: string;
  agencyId: string;
}

/** A process instance the caller may see, with its tenant. */
export interface ScopedInstance {
  view: ProcessInstanceView;
  tenantId: string;
  dossier: InstanceDossier | null;
}

/** Variable names the engine's own tenant may not set: they would tie an instance to a dossier. */
export const RESERVED_VARIABLES = ['dossierCode'] as const;

/** The process ids of the catalogue's procedures live in this namespace (`motcua-<procedure>`). */
export const PROCEDURE_NAMESPACE = 'motcua-';

/** The caller's view of the engine: built once per request. */
export class TenantScope {
  readonly #app: FastifyInstance;
  readonly #user: AuthUser;
  #subtree: Promise<string[]> | undefined;
  readonly #views = new Map<string, Promise<ProcessInstanceView | undefined>>();

  constructor(app: FastifyInstance, user: AuthUser) {
    this.#app = app;
    this.#user = user;
  }

  /** Engine operators see the engine's own tenant. */
  get operator(): boolean {
    return this.#user.roles.includes('admin');
  }

  #view(key: string): Promise<ProcessInstanceView | undefined> {
    if (!this.#views.has(key)) this.#views.set(key, this.#app.engine.getProcessInstance(key));
    return this.#views.get(key)!;
  }

  /** The root of an instance (through called instances' parents). */
  async #root(view: ProcessInstanceView): Promise<string> {
    let current = view;
    for (let depth = 0; current.parentProcessInstanceKey && depth < 10; depth++) {
      const parent = await this.#view(current.parentProcessInstanceKey);
      if (!parent) break;
      current = parent;
    }
    return current.processInstanceKey;
  }

  /** Which of the given instances the caller may see, each with its tenant and dossier; order kept. */
  async instances(views: ProcessInstanceView[]): Promise<ScopedInstance[]> {
    if (!views.length) return [];
    for (const v of views) if (!this.#views.has(v.processInstanceKey)) this.#views.set(v.processInstanceKey, Promise.resolve(v));
    const roots = await Promise.all(views.map((v) => this.#root(v)));
    this.#subtree ??= agencySubtree(this.#app.db, this.#user.agencyId);
    const scope = await this.#subtree;
    // A dossier whose start is in flight has no instance key yet: its instance names it (`dossierCode`,
    // read when the instance was read whole; searches' views carry no variables).
    const codeOf = new Map<string, string>();
    for (const root of new Set(roots)) {
      const code = (await this.#view(root))?.variables.dossierCode;
      if (typeof code === 'string') codeOf.set(root, code);
    }
    const rows = await instanceDossiers(this.#app.db, [...new Set(roots)], [...new Set(codeOf.values())], scope).execute();
    const byRoot = new Map(rows.filter((r) => r.process_instance_key).map((r) => [r.process_instance_key!, r]));
    const inFlight = new Map(rows.filter((r) => !r.process_instance_key).map((r) => [r.code, r]));
    const out: ScopedInstance[] = [];
    views.forEach((view, i) => {
      const root = roots[i]!;
      const d = byRoot.get(root) ?? (codeOf.has(root) ? inFlight.get(codeOf.get(root)!) : undefined);
      if (!d) {
        if (this.operator) out.push({ view, tenantId: DEFAULT_TENANT, dossier: null });
        return;
      }
      if (!d.visible) return;
      const agencyId = d.handling_agency_id ?? d.receiving_agency_id;
      out.push({ view, tenantId: agencyId, dossier: { id: d.id, code: d.code, status: d.status, agencyId } });
    });
    return out;
  }

  /** One instance the caller may see, or undefined (unknown and foreign alike). */
  async instance(key: string): Promise<ScopedInstance | undefined> {
    const view = await this.#view(key);
    return view ? (await this.instances([view]))[0] : undefined;
  }

  /** One instance the caller may see, or the 404 problem. */
  async instanceOr404(key: string, what = 'Process instance'): Promise<ScopedInstance> {
    const found = await this.instance(key);
    if (!found) throw notFound(what, key);
    return found;
  }

  /** Tenants of the instances of the given keys that the caller may see. */
  async tenantsOf(keys: string[]): Promise<Map<string, ScopedInstance>> {
    const views = (await Promise.all([...new Set(keys)].map((k) => this.#view(k)))).filter((v): v is ProcessInstanceView => v !== undefined);
    return new Map((await this.instances(views)).map((s) => [s.view.processInstanceKey, s]));
  }

  /** The user tasks the caller may see, each with its instance. */
  async userTasks(tasks: UserTask[]): Promise<Array<{ task: UserTask; instance: ScopedInstance }>> {
    const tenants = await this.tenantsOf(tasks.map((t) => t.processInstanceKey));
    return tasks.flatMap((task) => { const instance = tenants.get(task.processInstanceKey); return instance ? [{ task, instance }] : []; });
  }

  /** One user task the caller may see, or the 404 problem. */
  async userTaskOr404(key: string): Promise<{ task: UserTask; instance: ScopedInstance }> {
    const task = await this.#app.engine.getUserTask(key).catch((e: unknown) => { if (e instanceof NotFoundError) return undefined; throw e; });
    const found = task ? (await this.userTasks([task]))[0] : undefined;
    if (!found) throw notFound('User task', key);
    return found;
  }

  /** The incidents the caller may see, each with its instance. */
  async incidents(incidents: Incident[]): Promise<Array<{ incident: Incident; instance: ScopedInstance }>> {
    const tenants = await this.tenantsOf(incidents.map((i) => i.processInstanceKey));
    return incidents.flatMap((incident) => { const instance = tenants.get(incident.processInstanceKey); return instance ? [{ incident, instance }] : []; });
  }
}

const scopes = new WeakMap<FastifyRequest, TenantScope>();

/** The caller's tenant scope (one per request). */
export function tenantScope(app: FastifyInstance, request: FastifyRequest): TenantScope {
  let scope = scopes.get(request);
  if (!scope) scopes.set(request, (scope = new TenantScope(app, request.user)));
  return scope;
}

const declared = new WeakMap<object, Array<{ method: string; url: string; scope: V2ScopeKind }>>();

/** Records a `/v2` route's declared scope; a route that declares none is an error at start. */
export function recordV2Scope(app: FastifyInstance, route: { method: string | string[]; url: string; config?: { v2Scope?: V2ScopeKind } }): void {
  if (!route.url.startsWith('/v2') || route.method === 'HEAD') return;
  const scope = route.config?.v2Scope;
  if (!scope) throw new Error(`Route ${String(route.method)} ${route.url} declares no v2Scope`);
  const list = declared.get(app.server) ?? [];
  declared.set(app.server, list);
  for (const method of [route.method].flat()) if (method !== 'HEAD') list.push({ method, url: route.url, scope });
}

/** Every `/v2` route of an app with its declared scope (for the scope matrix). */
export function declaredV2Scopes(app: FastifyInstance): Array<{ method: string; url: string; scope: V2ScopeKind }> {
  return declared.get(app.server) ?? [];
}
