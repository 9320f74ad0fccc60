/**
 * Commands answered only once their task listeners are done (Zeebe's behaviour): a scenario starts the
 * command without awaiting it, waits until the command's step committed (the task reached its
 * transition state), drives the listener jobs, then awaits the command's answer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';

/** Starts `command` and resolves once user task `key` is in `state` (or the command settled first); await its `answer` later. */
export async function pending<T>(engine: WorkflowEngine, key: string, state: string, command: Promise<T>): Promise<{ answer: Promise<T> }> {
  let settled = false;
  command.then(() => { settled = true; }, () => { settled = true; });
  for (let n = 0; n < 1000 && !settled; n++) {
    if ((await engine.getUserTask(key).catch(() => undefined))?.state === state) break;
    await sleep(10);
  }
  return { answer: command };
}

/** The error a command was rejected with (undefined if it was accepted). */
export async function rejection(answer: Promise<unknown>): Promise<unknown> {
  return answer.then(() => undefined, (err: unknown) => err);
}
