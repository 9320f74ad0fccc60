/** Process definitions: deployment with versioning by checksum, and a model cache by definition key. */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../errors.ts';
import type { DeployResource } from '../workflow-engine.ts';
import type { ProcessDefinition, ProcessModel } from './model.ts';
import { parseBpmn } from './parser.ts';

/** A model parsed from a resource, ready to be stored. */
export interface ParsedProcess {
  model: ProcessModel;
  resourceName: string;
  xml: string;
  checksum: string;
}

/** Parses every resource first, so that a deployment with one bad resource deploys nothing. */
export async function parseResources(resources: DeployResource[]): Promise<ParsedProcess[]> {
  const out: ParsedProcess[] = [];
  for (const r of resources) {
    for (const model of await parseBpmn(r.content, r.name)) {
      const checksum = createHash('sha256').update(model.bpmnProcessId).update('\0').update(r.content).digest('hex');
      out.push({ model, resourceName: r.name, xml: r.content, checksum });
    }
  }
  return out;
}

/** Definitions cache; definitions are immutable, so entries never go stale. */
export class DefinitionStore {
  readonly #byKey = new Map<string, ProcessDefinition>();
  /** Latest version per process id, trusted for a short while (deployments by other processes show up after it). */
  readonly #latest = new Map<string, { def: ProcessDefinition; at: number }>();
  static readonly LATEST_TTL_MS = 1000;

  /** Remembers a definition whose model is already parsed. */
  remember(def: ProcessDefinition): void {
    this.#byKey.set(def.key, def);
    this.#latest.delete(def.bpmnProcessId);
  }

  /** A definition by key (parsed from its stored XML on a cache miss). */
  async byKey(db: Kysely<any>, key: string): Promise<ProcessDefinition> {
    const cached = this.#byKey.get(key);
    if (cached) return cached;
    const row = await db.selectFrom('engine_process_definition').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) throw new NotFoundError('Process definition', key);
    const model = (await parseBpmn(row.xml, row.resource_name)).find((m) => m.bpmnProcessId === row.bpmn_process_id)!;
    const def = { key: String(row.key), bpmnProcessId: row.bpmn_process_id, version: Number(row.version), resourceName: row.resource_name, model };
    this.#byKey.set(def.key, def);
    return def;
  }

  /** The latest version (or the given one) of a process; undefined if none. */
  async find(db: Kysely<any>, bpmnProcessId: string, version?: number): Promise<ProcessDefinition | undefined> {
    const cached = version === undefined ? this.#latest.get(bpmnProcessId) : undefined;
    if (cached && performance.now() - cached.at < DefinitionStore.LATEST_TTL_MS) return cached.def;
    let q = db.selectFrom('engine_process_definition').select('key').where('bpmn_process_id', '=', bpmnProcessId);
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const row = await q.executeTakeFirst();
    if (!row) return undefined;
    const def = await this.byKey(db, String(row.key));
    if (version === undefined) this.#latest.set(bpmnProcessId, { def, at: performance.now() });
    return def;
  }
}
