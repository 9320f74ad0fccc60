/**
 * Operations the `/v2` face needs that the `WorkflowEngine` interface does not have yet. Each is
 * proposed here with its signature; a route uses it when the engine has it (so the routes light up
 * once the interface and the embedded engine gain it) and otherwise answers 501 naming the gap.
 */
import type { ProcessInstanceView, WorkflowEngine } from '../../../engine-adapter/workflow-engine.ts';
import { unsupported } from './problem.ts';

/** Filter of {@link ProposedEngineMembers.searchProcessInstances}. */
export interface ProcessInstanceQuery {
  bpmnProcessId?: string;
  processDefinitionKey?: string;
  state?: ProcessInstanceView['state'];
  parentProcessInstanceKey?: string;
}

/** Proposed additions to `WorkflowEngine`. */
export interface ProposedEngineMembers {
  /** Lists process instances (newest first), without their variables. */
  searchProcessInstances(filter: ProcessInstanceQuery): Promise<ProcessInstanceView[]>;
  /** The BPMN XML a process definition was deployed from; NotFoundError if unknown. */
  getProcessDefinitionXml(processDefinitionKey: string): Promise<string>;
  /** Creates an instance of exactly this definition (by key); NotFoundError if unknown. */
  createProcessInstanceByKey(request: { processDefinitionKey: string; variables?: Record<string, unknown> }): Promise<{ processInstanceKey: string; processDefinitionKey: string; bpmnProcessId: string; version: number }>;
  /**
   * Correlates a message now to one open subscription (never buffered); NotFoundError when no
   * subscription matches name and correlation key.
   */
  correlateMessage(request: { name: string; correlationKey: string; variables?: Record<string, unknown> }): Promise<{ messageKey: string; processInstanceKey: string }>;
}

/** The proposed member of the engine if it has it, bound; else undefined. */
export function proposed<K extends keyof ProposedEngineMembers>(engine: WorkflowEngine, name: K): ProposedEngineMembers[K] | undefined {
  const member = (engine as unknown as Partial<ProposedEngineMembers>)[name];
  return typeof member === 'function' ? (member.bind(engine) as ProposedEngineMembers[K]) : undefined;
}

/** The proposed member, or a 501 problem naming it. */
export function requireMember<K extends keyof ProposedEngineMembers>(engine: WorkflowEngine, name: K, what: string, whatVi: string): ProposedEngineMembers[K] {
  const member = proposed(engine, name);
  if (!member) throw unsupported(what, whatVi, `${name}()`);
  return member;
}
