/**
 * The full check of a process version a procedure controller uploads: bpmnlint (camunda-cloud-8-8 +
 * recommended), the embedded engine's parse and deploy-time validation, and motcua's process contract
 * (processes/README.md: business job types only, no reminder timers, user-task group/headers and the
 * due-date listener, the process id).
 */
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { EngineError } from '../../engine-adapter/errors.ts';
import { parseBpmn } from '../../engine-adapter/embedded/index.ts';
import { lintBpmn, lintErrors, type LintIssue } from './lint.ts';

/** Job types a process may draw (processes/README.md): business steps only. */
export const JOB_TYPES = ['notify', 'handoff'] as const;
/** The `creating` task listener every step (user task) carries: the SLA worker sets its due date. */
export const STEP_DUE_LISTENER = 'motcua-step-due';
/** Candidate groups of user tasks: role names mapped to users of the handling agency. */
export const CANDIDATE_GROUPS = ['receptionist', 'specialist', 'leader'] as const;

/** Options of {@link checkProcess}. */
export interface CheckOptions {
  /** The `bpmn:process id` the upload must have (e.g. `motcua-birth-registration`). */
  expectedProcessId?: string;
  /** File name used in messages. */
  resourceName?: string;
}

/** Outcome of {@link checkProcess}. */
export interface CheckResult {
  /** True when there is no error (warnings allowed). */
  ok: boolean;
  /** Lint findings (rule `…`), engine errors (rule `engine/<code>`), contract errors (rule `motcua/<name>`). */
  issues: LintIssue[];
}

const zeebe = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');
const moddle = new BpmnModdle({ zeebe });

type Moddle = any;

function ext(el: Moddle, type: string): Moddle | undefined {
  return (el.extensionElements?.values ?? []).find((v: Moddle) => v.$type === type);
}

function headers(el: Moddle): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of ext(el, 'zeebe:TaskHeaders')?.values ?? []) out[h.key] = h.value;
  return out;
}

function flowNodes(container: Moddle): Moddle[] {
  return (container.flowElements ?? []).flatMap((fe: Moddle) => (fe.$type === 'bpmn:SubProcess' ? [fe, ...flowNodes(fe)] : [fe]));
}

/** Camunda 7 (Camunda Platform) extensions: `camunda:` attributes and elements, which Camunda 8 ignores or misreads. */
const CAMUNDA_7_NS = 'http://camunda.org/schema/1.0/bpmn';

function camunda7Issues(definitions: Moddle): LintIssue[] {
  const prefixes = Object.entries((definitions.$attrs ?? {}) as Record<string, string>)
    .filter(([k, v]) => k.startsWith('xmlns:') && v === CAMUNDA_7_NS).map(([k]) => `${k.slice(6)}:`);
  const platform = (definitions.$attrs ?? {})['modeler:executionPlatform'];
  if (!prefixes.length && platform !== 'Camunda Platform') return [];
  const issues: LintIssue[] = [{ elementId: 'definitions', rule: 'motcua/camunda-7', message: 'a Camunda 7 (Camunda Platform) diagram: motcua runs Camunda 8 (Zeebe) diagrams; open it in Camunda Modeler and convert it to Camunda 8', category: 'error' }];
  const seen = new Set<string>();
  const visit = (el: Moddle, depth: number) => {
    if (!el || typeof el !== 'object' || depth > 50) return;
    const own = Object.keys(el.$attrs ?? {}).some((k) => prefixes.some((p) => k.startsWith(p)));
    const ext = (el.extensionElements?.values ?? []).some((v: Moddle) => typeof v.$type === 'string' && prefixes.some((p) => v.$type.startsWith(p)));
    if ((own || ext) && el.id && !seen.has(el.id)) {
      seen.add(el.id);
      issues.push({ elementId: el.id, rule: 'motcua/camunda-7', message: 'Camunda 7 extension (camunda:) not run by Camunda 8', category: 'error' });
    }
    for (const child of [...(el.rootElements ?? []), ...(el.flowElements ?? [])]) visit(child, depth + 1);
  };
  visit(definitions, 0);
  return issues;
}

function contractIssues(definitions: Moddle, options: CheckOptions): LintIssue[] {
  const issues: LintIssue[] = [];
  const err = (elementId: string, rule: string, message: string) => issues.push({ elementId, rule: `motcua/${rule}`, message, category: 'error' });
  const processes = ((definitions.rootElements ?? []) as Moddle[]).filter((r) => r.$type === 'bpmn:Process');
  if (processes.length !== 1) err('definitions', 'single-process', `expected one bpmn:process, found ${processes.length}`);
  issues.push(...camunda7Issues(definitions));
  const proc = processes[0];
  if (!proc) return issues;
  if (options.expectedProcessId && proc.id !== options.expectedProcessId) {
    err(proc.id, 'process-id', `process id must be '${options.expectedProcessId}'`);
  }
  for (const el of flowNodes(proc)) {
    const job = ext(el, 'zeebe:TaskDefinition')?.type;
    if (job !== undefined && !(JOB_TYPES as readonly string[]).includes(job)) {
      err(el.id, 'job-type', `unknown job type '${job}' (known: ${JOB_TYPES.join(', ')})`);
    }
    const jh = headers(el);
    if (job === 'handoff' && !(Number(jh.slaHours) > 0)) err(el.id, 'sla-hours-header', 'handoff job needs a positive "slaHours" header');
    if (job === 'handoff' && !jh.targetAgencyRole) err(el.id, 'target-agency-header', 'handoff job needs a "targetAgencyRole" header');
    if (job === 'notify' && !jh.event) err(el.id, 'event-header', 'notify job needs an "event" header');
    if (el.$type === 'bpmn:BoundaryEvent' && el.eventDefinitions?.[0]?.$type === 'bpmn:TimerEventDefinition') {
      err(el.id, 'no-reminder-timer', 'reminders and escalations are not drawn: the application sends them from the due dates (remove the timer)');
    }
    if (el.$type !== 'bpmn:UserTask') continue;
    if (!ext(el, 'zeebe:UserTask')) err(el.id, 'camunda-user-task', 'user task must be a Camunda user task (zeebe:userTask): a job-based one runs as a job of type io.camunda.zeebe:userTask, not as a step of the dossier');
    const group = ext(el, 'zeebe:AssignmentDefinition')?.candidateGroups;
    if (!(CANDIDATE_GROUPS as readonly string[]).includes(group)) err(el.id, 'candidate-group', `candidateGroups must be one of ${CANDIDATE_GROUPS.join(', ')}`);
    const h = headers(el);
    if (!h.step) err(el.id, 'step-header', 'task header "step" missing');
    if (!(Number(h.slaHours) > 0)) err(el.id, 'sla-hours-header', 'task header "slaHours" must be a positive number of working hours');
    const listeners = (ext(el, 'zeebe:TaskListeners')?.listeners ?? []) as Moddle[];
    if (!listeners.some((l) => (l.eventType ?? 'creating') === 'creating' && l.type === STEP_DUE_LISTENER)) {
      err(el.id, 'step-due-listener', `a step needs the creating task listener '${STEP_DUE_LISTENER}' (it sets the due date from "slaHours")`);
    }
    if (ext(el, 'zeebe:TaskSchedule')?.dueDate) err(el.id, 'due-date', `the due date is set by the '${STEP_DUE_LISTENER}' listener: remove zeebe:taskSchedule dueDate`);
  }
  return issues;
}

/**
 * Checks an uploaded process version. Every finding names an element id where one applies; `ok` is
 * false on any error (lint error, engine rejection, contract breach).
 */
export async function checkProcess(xml: string, options: CheckOptions = {}): Promise<CheckResult> {
  const issues = await lintBpmn(xml);
  try {
    await parseBpmn(xml, options.resourceName ?? 'upload.bpmn');
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    issues.push({ elementId: e.elementId ?? 'definitions', rule: `engine/${e.code}`, message: e.message, category: 'error' });
  }
  try {
    const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
    issues.push(...contractIssues(rootElement, options));
  } catch {
    // Unparsable XML: already reported by the linter.
  }
  return { ok: lintErrors(issues).length === 0, issues };
}
