/** Opens the Zeebe engine against the in-process fake gateway and fake REST API, closed at teardown. */
import type { Test } from 'tap';
import { createZeebeEngine, type ZeebeEngine, type ZeebeEngineConfig } from '../../engine-adapter/zeebe/index.ts';
import { FakeGateway } from './fake-gateway.ts';
import { FakeRest } from './fake-rest.ts';

/** An engine and its fakes. */
export interface Harness {
  engine: ZeebeEngine;
  gateway: FakeGateway;
  rest: FakeRest;
  /** Background warnings the engine logged. */
  warnings: string[];
}

/** Small, bounded retries so that tests never wait long; a generous first connection on a loaded machine. */
export const FAST: Partial<ZeebeEngineConfig> = {
  requestTimeoutMs: 5_000, maxRetries: 2, retryBackoff: { initialMs: 5, maxMs: 20 }, readyTimeoutMs: 15_000,
  workerBackfillIntervalMs: 60_000, userTaskPollIntervalMs: 60_000,
};

/** Starts both fakes and an engine on them (not started); everything is closed when `t` ends. */
export async function openHarness(t: Test, overrides: Partial<ZeebeEngineConfig> = {}): Promise<Harness> {
  const gateway = await new FakeGateway().start();
  const rest = await new FakeRest().start();
  const warnings: string[] = [];
  const engine = createZeebeEngine({
    grpcAddress: gateway.address, restAddress: rest.address, auth: { strategy: 'NONE' }, ...FAST, ...overrides,
  }, { logger: { warn: (m) => warnings.push(m) } });
  t.teardown(async () => {
    await engine.stop();
    await gateway.close();
    await rest.close();
  });
  // A first call lets the channel connect before the test starts, so that no test's first call pays
  // for the connection (a first Topology can take over 100 ms).
  const readiness = await engine.checkReady();
  if (!readiness.ready) throw new Error(readiness.reason);
  gateway.calls.length = 0;
  return { engine, gateway, rest, warnings };
}

/** Resolves when `check` holds, polling every few ms (bounded: rejects after `limit` tries). */
export async function until(check: () => boolean, limit = 400): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}
