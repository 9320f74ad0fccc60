/**
 * The sequence flows a process instance took, for Camunda's `GET /v2/process-instances/{key}/sequence-flows`
 * (Operate draws them on the diagram): each flow id once, in the order first taken, kept in the
 * instance document (a BPMN model has a bounded number of flows).
 */
import type { InstanceDoc } from './state.ts';

/** Records that these flows were taken. */
export function recordTakenFlows(doc: InstanceDoc, flowIds: readonly string[]): void {
  if (!flowIds.length) return;
  const taken = (doc.takenFlows ??= []);
  for (const id of flowIds) if (!taken.includes(id)) taken.push(id);
}
