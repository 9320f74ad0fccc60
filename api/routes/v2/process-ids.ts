/**
 * The process ids a BPMN resource declares, read without the engine's validation: `/v2/deployments`
 * uses them to route a procedure's process to the procedure check (the same answer as
 * `POST /api/procedures/:id/versions`) before anything judges the diagram.
 */

/** Ids of the `process` elements of a BPMN XML (any namespace prefix); empty for anything else. */
export function processIdsOf(xml: string): Array<{ bpmnProcessId: string }> {
  const ids = new Set<string>();
  for (const m of xml.matchAll(/<(?:[\w-]+:)?process\b[^>]*?\sid\s*=\s*(["'])(.*?)\1/g)) ids.add(m[2]!);
  return [...ids].map((bpmnProcessId) => ({ bpmnProcessId }));
}
