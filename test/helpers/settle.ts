/**
 * Drives the in-process machinery until nothing moves: the engine's pending steps, the task
 * projection and the engine bridge's outbox events (tests never sleep for it).
 */
import type { FastifyInstance } from 'fastify';

export async function settle(app: FastifyInstance, maxRounds = 50): Promise<void> {
  const engine = app.engine as unknown as { runUntilIdle?: () => Promise<number> };
  for (let round = 0; round < maxRounds; round++) {
    const steps = (await engine.runUntilIdle?.()) ?? 0;
    await app.taskProjector.idle();
    const events = await app.taskBridge.drain();
    await app.taskProjector.idle();
    if (steps === 0 && events === 0) return;
  }
  throw new Error(`settle: still busy after ${maxRounds} rounds`);
}
