/** What every worker shares: its dependencies, and how a job finds its dossier. */
import type { Kysely } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import type { WorkflowEngine, WorkerJob } from '../../engine-adapter/workflow-engine.ts';
import type { CalendarService } from '../services/calendars.ts';
import type { Clock } from '../services/clock.ts';
import type { SlaPolicy } from '../domain/sla/index.ts';
import type { AuditContext } from '../services/audit.ts';

/** A logger (pino's shape). */
export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Dependencies of the workers. */
export interface WorkerDeps {
  db: Kysely<Database>;
  engine: WorkflowEngine;
  calendars: CalendarService;
  clock: Clock;
  policy: SlaPolicy;
  log: WorkerLog;
}

/** A started worker. */
export interface Worker {
  start(): void;
  stop(): Promise<void>;
}

/** The audit actor of the workers. */
export const SYSTEM_AUDIT: AuditContext = { actorId: null, actorUsername: 'system:workers', actorRoles: [], agencyId: null, requestId: null, ip: null };

/** The `dossierCode` variable of a job; throws when it has none. */
export function dossierCodeOf(job: WorkerJob): string {
  const code = job.variables.dossierCode;
  if (typeof code !== 'string' || !code) throw new Error(`${job.elementId}: variable dossierCode missing`);
  return code;
}

/** The dossier of a job, from its `dossierCode` variable; throws when there is none. */
export async function dossierOfJob(db: Kysely<Database>, job: WorkerJob): Promise<Dossier> {
  const code = dossierCodeOf(job);
  const dossier = await db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
  if (!dossier) throw new Error(`${job.elementId}: no dossier ${code}`);
  return dossier;
}

/** Parses an ISO instant variable; undefined when absent or invalid. */
export function instantVar(value: unknown): Date | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Starts job workers of the engine and closes them together. */
export function jobWorkers(engine: WorkflowEngine, handlers: Record<string, (job: WorkerJob) => Promise<void>>): Worker {
  let workers: Array<{ close(): Promise<void> }> = [];
  return {
    start() {
      if (workers.length) return;
      workers = Object.entries(handlers).map(([type, handler]) => engine.createWorker({ type, handler, worker: `motcua-${type}` }));
    },
    async stop() {
      await Promise.all(workers.map((w) => w.close()));
      workers = [];
    },
  };
}
