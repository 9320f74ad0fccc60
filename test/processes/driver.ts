/**
 * Drives the shipped processes on the embedded engine with stub workers for the documented job
 * types (processes/README.md): the steps' creating task listener `motcua-step-due`, `notify`, `handoff`.
 * The stub due-date listener counts plain hours (the real one uses the working-time calendar); a
 * supplement request carries `supplementDeadline` (15 days here), as the task API sets it.
 */
import type { ManualClock } from '../../engine-adapter/clock.ts';
import type { ActivatedJob, UserTask, Variables, WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';

const HOUR = 3_600_000;

/** Job types of the process contract. */
export const JOB_TYPES = ['motcua-step-due', 'notify', 'handoff'] as const;

/** A completed job, as seen by the stub worker. */
export interface DoneJob {
  type: string;
  elementId: string;
  processInstanceKey: string;
  headers: Record<string, string>;
  variables: Variables;
}

/** Stub workers and user-task helpers around one engine. */
export class Driver {
  readonly done: DoneJob[] = [];

  constructor(readonly engine: WorkflowEngine, readonly clock: ManualClock) {}

  #iso(ms: number): string {
    return new Date(this.clock.now().getTime() + ms).toISOString();
  }

  #result(job: ActivatedJob): Variables {
    const h = job.customHeaders;
    switch (job.type) {
      case 'handoff':
        return { handoffId: `${String(job.variables.dossierCode)}/${h.targetAgencyRole}/${job.elementInstanceKey}` };
      default:
        return {};
    }
  }

  /** Completes every activatable job of the contract's types until none is left; returns how many. */
  async pump(): Promise<number> {
    let total = 0;
    for (let round = 0; round < 100; round++) {
      let moved = 0;
      for (const type of JOB_TYPES) {
        const jobs = await this.engine.activateJobs({ type, maxJobsToActivate: 100, timeout: 60_000, worker: 'stub' });
        for (const job of jobs) {
          if (type === 'motcua-step-due') {
            const hours = Number(job.customHeaders.slaHours);
            if (!(hours > 0)) throw new Error(`${job.elementId}: slaHours header missing`);
            const dueDate = this.#iso(hours * HOUR);
            await this.engine.completeJob(job.key, undefined, { corrections: { dueDate } });
            this.done.push({ type, elementId: job.elementId, processInstanceKey: job.processInstanceKey, headers: job.customHeaders, variables: { dueDate } });
            moved++;
            continue;
          }
          const variables = this.#result(job);
          await this.engine.completeJob(job.key, variables);
          this.done.push({ type, elementId: job.elementId, processInstanceKey: job.processInstanceKey, headers: job.customHeaders, variables: { ...job.variables, ...variables } });
          moved++;
        }
      }
      total += moved;
      if (moved === 0) return total;
    }
    throw new Error('pump: jobs keep coming');
  }

  /** Jobs done for one instance, optionally of one type. */
  jobs(instanceKey: string, type?: string): DoneJob[] {
    return this.done.filter((j) => j.processInstanceKey === instanceKey && (!type || j.type === type));
  }

  /** Open user tasks of an instance. */
  async openTasks(instanceKey: string): Promise<UserTask[]> {
    return this.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' });
  }

  /** The one open user task of an instance; fails if there is not exactly one or its element differs. */
  async task(instanceKey: string, elementId: string): Promise<UserTask> {
    const open = await this.openTasks(instanceKey);
    if (open.length !== 1 || open[0]!.elementId !== elementId) {
      throw new Error(`expected one open task ${elementId}, got [${open.map((t) => t.elementId).join(', ')}]`);
    }
    return open[0]!;
  }

  /** Completes the open task of an element (a supplement request with its deadline, as the task API does), then pumps the jobs. */
  async complete(instanceKey: string, elementId: string, variables: Variables): Promise<void> {
    const t = await this.task(instanceKey, elementId);
    const outcome = Object.values(variables).find((v): v is { outcome: string } => typeof (v as { outcome?: unknown } | null)?.outcome === 'string')?.outcome;
    const extra = outcome === 'supplement' ? { supplementDeadline: this.#iso(15 * 24 * HOUR) } : {};
    await this.engine.completeUserTask(t.key, { ...variables, ...extra });
    await this.pump();
  }

  /** Moves the clock, fires due timers, pumps the jobs. */
  async advanceHours(hours: number): Promise<void> {
    this.clock.advance(hours * HOUR);
    const engine = this.engine as WorkflowEngine & { fireDueTimers?: () => Promise<number> };
    await engine.fireDueTimers?.();
    await this.pump();
  }

  /** Starts a process with a dossier code and pumps the jobs. */
  async start(processId: string, dossierCode: string, variables: Variables = {}): Promise<string> {
    const ref = await this.engine.createProcessInstance({ bpmnProcessId: processId, variables: { dossierCode, ...variables } });
    await this.pump();
    return ref.processInstanceKey;
  }

  /** Walks reception (accepted) and appraisal (outcome) of a standard process. */
  async acceptAndAppraise(key: string, appraisal: Variables): Promise<void> {
    await this.complete(key, 'Task_reception', { reception: { outcome: 'accept' } });
    await this.complete(key, 'Task_appraisal', { appraisal });
  }
}
