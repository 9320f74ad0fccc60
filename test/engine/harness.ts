/**
 * The engines under test: the embedded engine on PGlite, and on PostgreSQL when `TEST_DATABASE_URL`
 * is set; the Zeebe adapter against the embedded engine (gRPC gateway protocol + `/v2` over HTTP, on the
 * last database target); and the Zeebe adapter against a real cluster when `ZEEBE_TEST_GRPC_ADDRESS` is set.
 */
import { randomBytes } from 'node:crypto';
import type { Test } from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock } from '../../engine-adapter/clock.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import type { ActivatedJob, Variables, WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { zeebeAdapterTarget } from './zeebe-adapter-target.ts';

/** What differs, by design, between the engines under test. */
export interface EngineTraits {
  /**
   * `typed`: a rejected deployment is the engine's own typed error (`BPMN_PARSE_ERROR`, with line,
   * element, attribute); `cluster`: the cluster's rejection (`DEPLOYMENT_REJECTED`) carrying its reason.
   */
  deployErrors: 'typed' | 'cluster';
  /** `push`: user-task events as they happen; `poll`: the differences seen by the polls of {@link EngineUnderTest.settle}. */
  userTaskEvents: 'push' | 'poll';
}

/** An engine with the means to drive it in tests. */
export interface EngineUnderTest {
  name: string;
  engine: WorkflowEngine;
  traits: EngineTraits;
  /** Moves time forward and fires what became due. */
  advance(ms: number): Promise<void>;
  /** Processes everything due now; an asynchronous engine is waited for, and user-task events polled. */
  settle(): Promise<void>;
  /** The engine's current time. */
  now(): Date;
  close(): Promise<void>;
}

/** A factory of an engine under test. */
export interface EngineTarget {
  name: string;
  open(): Promise<EngineUnderTest>;
}

/** The engines under test (see the file's header). */
export function engineTargets(): EngineTarget[] {
  const databases = databaseTargets();
  const targets: EngineTarget[] = databases.map((db) => ({
    name: `embedded/${db.name}`,
    async open() {
      const handle = await db.open();
      await migrateEngine(handle.db);
      const clock = new ManualClock('2026-03-02T01:00:00Z');
      const engine = new EmbeddedEngine({ db: handle.db, clock });
      return {
        name: `embedded/${db.name}`, engine, traits: { deployErrors: 'typed', userTaskEvents: 'push' },
        async advance(ms) { clock.advance(ms); await engine.runUntilIdle(); },
        async settle() { await engine.runUntilIdle(); },
        now: () => clock.now(),
        async close() { await engine.stop(); await handle.close(); },
      };
    },
  }));
  targets.push(zeebeAdapterTarget(databases.at(-1)!));
  if (process.env.ZEEBE_TEST_GRPC_ADDRESS) targets.push({ name: 'zeebe', open: openZeebe });
  return targets;
}

/** A process id unique to one scenario, so scenarios share one database. */
export function uid(prefix = 'p'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Activates every job of a type (up to 100). */
export async function jobsOf(engine: WorkflowEngine, type: string, timeout = 60_000): Promise<ActivatedJob[]> {
  return engine.activateJobs({ type, maxJobsToActivate: 100, timeout, worker: 'test' });
}

/** Activates and completes every job of a type; returns them. */
export async function completeAll(engine: WorkflowEngine, type: string, variables?: Variables | ((job: ActivatedJob) => Variables)): Promise<ActivatedJob[]> {
  const jobs = await jobsOf(engine, type);
  for (const job of jobs) await engine.completeJob(job.key, typeof variables === 'function' ? variables(job) : variables);
  return jobs;
}

/**
 * Asserts a rejected deployment. A `typed` engine reports `code` and the fields (exact values or
 * patterns); a `cluster` reports `DEPLOYMENT_REJECTED` with its reason, which must match `reason`.
 */
export function rejected(t: Test, e: EngineUnderTest, err: unknown, code: string, fields: Record<string, string | RegExp>, reason: RegExp): void {
  t.ok(err instanceof Error, 'the deployment was rejected');
  if (e.traits.deployErrors === 'typed') {
    t.equal((err as { code?: string }).code, code);
    t.match(err, fields);
    return;
  }
  t.match(err, { code: 'DEPLOYMENT_REJECTED', reason });
}

/** Element ids of an instance's history that were completed, in order. */
export async function completedElements(engine: WorkflowEngine, key: string): Promise<string[]> {
  return (await engine.getProcessInstanceHistory(key)).filter((h) => h.state === 'COMPLETED').map((h) => h.elementId);
}

/** Element ids active in an instance. */
export async function activeElements(engine: WorkflowEngine, key: string): Promise<string[]> {
  return (await engine.getProcessInstanceHistory(key)).filter((h) => h.state === 'ACTIVE').map((h) => h.elementId).sort();
}

/**
 * A real Camunda 8.8 cluster through the adapter: `ZEEBE_TEST_GRPC_ADDRESS`, `ZEEBE_TEST_REST_ADDRESS`
 * (default http://localhost:8080), no auth. Time moves through the broker's actuator clock
 * (`ZEEBE_TEST_CLOCK_URL`, e.g. http://localhost:9600/actuator/clock, with the broker started with
 * `ZEEBE_CLOCK_CONTROLLED=true`). Zeebe is asynchronous: settling waits `ZEEBE_TEST_SETTLE_MS` (1 s).
 */
async function openZeebe(): Promise<EngineUnderTest> {
  const zeebe = await import('../../engine-adapter/zeebe/index.ts');
  const engine = zeebe.createZeebeEngine({
    grpcAddress: process.env.ZEEBE_TEST_GRPC_ADDRESS!, restAddress: process.env.ZEEBE_TEST_REST_ADDRESS ?? 'http://localhost:8080', auth: { strategy: 'NONE' },
  });
  await engine.start();
  const settleMs = Number(process.env.ZEEBE_TEST_SETTLE_MS ?? 1000);
  const clockUrl = process.env.ZEEBE_TEST_CLOCK_URL;
  let offset = 0;
  const settle = async () => {
    await sleep(settleMs);
    await engine.pollUserTaskEvents();
  };
  return {
    name: 'zeebe', engine, traits: { deployErrors: 'cluster', userTaskEvents: 'poll' },
    async advance(ms) {
      if (!clockUrl) throw new Error('Zeebe target: set ZEEBE_TEST_CLOCK_URL (the actuator clock) to move time in scenarios');
      const res = await fetch(`${clockUrl.replace(/\/$/, '')}/add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMilli: ms }) });
      if (!res.ok) throw new Error(`Zeebe clock: HTTP ${res.status}`);
      offset += ms;
      await settle();
    },
    settle,
    now: () => new Date(Date.now() + offset),
    async close() { await engine.stop(); },
  };
}
