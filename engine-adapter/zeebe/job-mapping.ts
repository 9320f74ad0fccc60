/** Maps jobs handed out by the SDK to the engine's {@link ActivatedJob}. */
import type { ActivatedJob, Variables } from '../workflow-engine.ts';
import type { SdkJob } from './grpc-commands.ts';

/** A plain object copy (the SDK parses into `LosslessDto` instances). */
function plain(value: unknown): Variables {
  if (typeof value === 'string') return value === '' ? {} : (JSON.parse(value) as Variables);
  if (typeof value !== 'object' || value === null) return {};
  return { ...(value as Variables) };
}

function headers(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(plain(value))) out[k] = String(v);
  return out;
}

/** Keys as decimal strings, headers and variables as plain objects, the deadline as a Date. */
export function toActivatedJob(job: SdkJob): ActivatedJob {
  return {
    key: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: Number(job.processDefinitionVersion),
    processDefinitionKey: String(job.processDefinitionKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    customHeaders: headers(job.customHeaders),
    worker: job.worker,
    retries: Number(job.retries),
    deadline: new Date(Number(job.deadline)),
    variables: plain(job.variables),
  };
}
