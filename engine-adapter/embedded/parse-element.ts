/** Reduces one bpmn-moddle flow node to an {@link ElementModel}; rejects unsupported types and event kinds. */
import { UnsupportedElementError } from '../errors.ts';
import { adHocOf } from './ad-hoc-model.ts';
import { applyCompensation } from './compensation-model.ts';
import { applyCalledDecision } from './dmn/called-decision.ts';
import { toExpr } from './feel.ts';
import { userTaskJob } from './job-user-task.ts';
import type { ElementKind, ElementModel, EventDef, ListenerDef, Mapping, TaskTransitionEvent } from './model.ts';
import { ALLOWED_EVENTS, ELEMENT_KINDS as KINDS, IGNORED_TYPES, JOB_TASK_TYPES as JOB_TYPES } from './supported-elements.ts';

/** A bpmn-moddle element (untyped). */
export type Moddle = any;

/** Flow elements that carry no behaviour and are ignored on purpose (the table lives in `supported-elements.ts`). */
export { IGNORED_TYPES };

function ext(el: Moddle, type: string): Moddle | undefined {
  return (el.extensionElements?.values ?? []).find((v: Moddle) => v.$type === type);
}

/** Zeebe extensions that change behaviour and that this engine does not execute: rejected, never ignored. */
const UNSUPPORTED_EXTENSIONS: Record<string, string> = {};

/** Task listener event types (with Camunda's deprecated names) this engine runs. */
const TASK_LISTENER_EVENTS: Record<string, 'creating' | TaskTransitionEvent> = {
  creating: 'creating', assigning: 'assigning', assignment: 'assigning', updating: 'updating', update: 'updating', completing: 'completing', complete: 'completing',
  canceling: 'canceling', cancel: 'canceling',
};

function rejectUnsupportedExtensions(el: Moddle): void {
  for (const v of el.extensionElements?.values ?? []) {
    const what = UNSUPPORTED_EXTENSIONS[v.$type];
    if (what && (v.$type !== 'zeebe:ExecutionListeners' || v.listeners?.length)) {
      throw new UnsupportedElementError(el.id ?? '?', `${el.$type}/${v.$type}`, `${what} are not supported`);
    }
    if (v.$type !== 'zeebe:TaskListeners') continue;
    if (v.listeners?.length && el.$type !== 'bpmn:UserTask') throw new UnsupportedElementError(el.id ?? '?', `${el.$type}/${v.$type}`, 'task listeners belong on user tasks');
    for (const l of v.listeners ?? []) {
      if (!TASK_LISTENER_EVENTS[l.eventType ?? 'creating']) {
        throw new UnsupportedElementError(el.id ?? '?', `${el.$type}/zeebe:TaskListener`, `task listeners of event type '${l.eventType}' are not supported`);
      }
    }
  }
}

function kindOf(el: Moddle): ElementKind {
  rejectUnsupportedExtensions(el);
  if (JOB_TYPES.has(el.$type)) return 'jobTask';
  // A user task without zeebe:userTask is job-based: Zeebe runs it as a job (job-user-task.ts).
  if (el.$type === 'bpmn:UserTask' && !ext(el, 'zeebe:UserTask')) return 'jobTask';
  if (el.$type === 'bpmn:ScriptTask') return ext(el, 'zeebe:Script') ? 'scriptFeel' : 'jobTask';
  if (el.$type === 'bpmn:SubProcess') return el.triggeredByEvent ? 'eventSubProcess' : 'subProcess';
  const kind = KINDS[el.$type];
  if (!kind) throw new UnsupportedElementError(el.id ?? '?', el.$type);
  return kind;
}

function eventOf(el: Moddle, kind: ElementKind, inEventSubProcess: boolean): EventDef | undefined {
  const allowed = ALLOWED_EVENTS[kind === 'startEvent' && inEventSubProcess ? 'eventSubProcessStart' : kind];
  if (!allowed) return undefined;
  const defs: Moddle[] = el.eventDefinitions ?? [];
  if (defs.length > 1) throw new UnsupportedElementError(el.id, el.$type, 'multiple event definitions');
  const def = defs[0];
  const event = def ? eventFromDefinition(el, def) : { kind: 'none' as const };
  if (!allowed.includes(event.kind)) throw new UnsupportedElementError(el.id, `${el.$type}/${def?.$type ?? 'none'}`, `a ${event.kind} ${el.$type} is not supported`);
  return event;
}

function eventFromDefinition(el: Moddle, def: Moddle): EventDef {
  switch (def.$type) {
    case 'bpmn:MessageEventDefinition': {
      const msg = def.messageRef;
      return { kind: 'message', name: toExpr(msg?.name) ?? { feel: false, src: '' }, correlationKey: toExpr(ext(msg ?? {}, 'zeebe:Subscription')?.correlationKey) };
    }
    case 'bpmn:TimerEventDefinition': {
      const [type, body] = def.timeCycle ? ['cycle', def.timeCycle.body] : def.timeDuration ? ['duration', def.timeDuration.body] : ['date', def.timeDate?.body];
      return { kind: 'timer', timer: { type: type as 'cycle', expr: toExpr(body) ?? { feel: false, src: '' } } };
    }
    case 'bpmn:ErrorEventDefinition': {
      const code = def.errorRef?.errorCode;
      return { kind: 'error', code: typeof code === 'string' && code.trim() ? code.trim().replace(/^=/, '') : undefined };
    }
    case 'bpmn:CompensateEventDefinition':
      return { kind: 'compensation', activityRef: def.activityRef?.id, waitForCompletion: def.waitForCompletion !== false };
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:LinkEventDefinition':
      return { kind: 'link', name: String(def.name ?? '').trim() };
    case 'bpmn:EscalationEventDefinition':
      return { kind: 'escalation', code: toExpr(def.escalationRef?.escalationCode) };
    case 'bpmn:SignalEventDefinition':
      return { kind: 'signal', name: toExpr(def.signalRef?.name) ?? { feel: false, src: '' } };
    default:
      throw new UnsupportedElementError(el.id, `${el.$type}/${def.$type}`, `event definition ${def.$type} is not supported`);
  }
}

function mappings(list: Moddle[] | undefined): Mapping[] {
  return (list ?? []).map((p: Moddle) => ({ source: toExpr(p.source) ?? { feel: true, src: 'null' }, target: String(p.target ?? '') }));
}

function headersOf(el: Moddle): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of ext(el, 'zeebe:TaskHeaders')?.values ?? []) out[h.key] = h.value ?? '';
  return out;
}

function userTaskOf(el: Moddle): ElementModel['userTask'] {
  const a = ext(el, 'zeebe:AssignmentDefinition');
  const s = ext(el, 'zeebe:TaskSchedule');
  const f = ext(el, 'zeebe:FormDefinition');
  return {
    assignee: toExpr(a?.assignee), candidateGroups: toExpr(a?.candidateGroups), candidateUsers: toExpr(a?.candidateUsers),
    dueDate: toExpr(s?.dueDate), followUpDate: toExpr(s?.followUpDate),
    priority: toExpr(ext(el, 'zeebe:PriorityDefinition')?.priority), formKey: f?.formKey ?? f?.formId ?? f?.externalReference,
    creatingListeners: listenersOf(el, 'zeebe:TaskListeners', (t) => TASK_LISTENER_EVENTS[t ?? 'creating'] === 'creating'),
    listeners: Object.fromEntries((['assigning', 'updating', 'completing', 'canceling'] as const).map((event) => [event, listenersOf(el, 'zeebe:TaskListeners', (t) => TASK_LISTENER_EVENTS[t ?? 'creating'] === event)])),
  };
}

/** The listeners of an extension (`zeebe:TaskListeners`, `zeebe:ExecutionListeners`) whose event type passes `take`, in order. */
function listenersOf(el: Moddle, extension: string, take: (eventType: string | undefined) => boolean): ListenerDef[] {
  return (ext(el, extension)?.listeners ?? []).filter((l: Moddle) => take(l.eventType)).map((l: Moddle) => ({
    type: toExpr(l.type) ?? { feel: false, src: '' }, retries: toExpr(l.retries) ?? { feel: false, src: '3' },
  }));
}

function executionListenersOf(el: Moddle): ElementModel['executionListeners'] {
  const start = listenersOf(el, 'zeebe:ExecutionListeners', (t) => (t ?? 'start') === 'start');
  const end = listenersOf(el, 'zeebe:ExecutionListeners', (t) => t === 'end');
  for (const l of ext(el, 'zeebe:ExecutionListeners')?.listeners ?? []) {
    if (!['start', 'end', undefined].includes(l.eventType)) throw new UnsupportedElementError(el.id ?? '?', `${el.$type}/zeebe:ExecutionListener`, `execution listeners of event type '${l.eventType}' are not supported`);
  }
  return start.length || end.length ? { start, end } : undefined;
}

function multiInstanceOf(el: Moddle): ElementModel['mi'] {
  const lc = el.loopCharacteristics;
  if (!lc) return undefined;
  if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') throw new UnsupportedElementError(el.id, lc.$type, 'only multi-instance loops are supported');
  const z = ext(lc, 'zeebe:LoopCharacteristics') ?? {};
  return {
    sequential: lc.isSequential === true, inputCollection: toExpr(z.inputCollection) ?? { feel: false, src: '' },
    inputElement: z.inputElement || undefined, outputCollection: z.outputCollection || undefined,
    outputElement: toExpr(z.outputElement), completionCondition: toExpr(lc.completionCondition?.body, true),
  };
}

function calledOf(el: Moddle): ElementModel['called'] {
  const c = ext(el, 'zeebe:CalledElement');
  return {
    processId: toExpr(c?.processId ?? c?.processIdExpression) ?? { feel: false, src: '' },
    propagateAllChildVariables: c?.propagateAllChildVariables !== false,
    propagateAllParentVariables: c?.propagateAllParentVariables !== false,
  };
}

/** Builds the model of one flow node (or of the process, `scopeId` undefined). */
export function buildElement(el: Moddle, scopeId: string | undefined): ElementModel {
  const kind = kindOf(el);
  const inEventSub = el.$parent?.$type === 'bpmn:SubProcess' && el.$parent.triggeredByEvent === true;
  const td = ext(el, 'zeebe:TaskDefinition');
  const io = ext(el, 'zeebe:IoMapping');
  const script = ext(el, 'zeebe:Script');
  const event = eventOf(el, kind, inEventSub);
  const model: ElementModel = {
    id: el.id, type: el.$type, name: el.name ?? null, kind, scopeId, incoming: [], outgoing: [], boundaries: [], eventSubProcesses: [],
    defaultFlow: el.default?.id, event, interrupting: kind === 'boundaryEvent' ? el.cancelActivity !== false : el.isInterrupting !== false,
    attachedTo: el.attachedToRef?.id, headers: headersOf(el), inputs: mappings(io?.inputParameters), outputs: mappings(io?.outputParameters),
    mi: multiInstanceOf(el),
  };
  const jobBased = kind === 'jobTask' || ((kind === 'endEvent' || kind === 'throwEvent') && event?.kind === 'message');
  if (jobBased) model.job = { type: toExpr(td?.type) ?? { feel: false, src: '' }, retries: toExpr(td?.retries) ?? { feel: false, src: '3' } };
  if (kind === 'userTask') model.userTask = userTaskOf(el);
  if (el.$type === 'bpmn:UserTask' && kind === 'jobTask') Object.assign(model, { job: userTaskJob(), userTask: userTaskOf(el) });
  const executionListeners = executionListenersOf(el);
  if (executionListeners) model.executionListeners = executionListeners;
  if (kind === 'callActivity') model.called = calledOf(el);
  if (kind === 'adHocSubProcess') model.adHoc = adHocOf(el);
  applyCompensation(el, model);
  applyCalledDecision(el, model);
  if (kind === 'scriptFeel') model.script = { expr: toExpr(script.expression) ?? { feel: false, src: '' }, resultVariable: script.resultVariable || undefined };
  if (kind === 'receiveTask') {
    const msg = el.messageRef;
    model.event = { kind: 'message', name: toExpr(msg?.name) ?? { feel: false, src: '' }, correlationKey: toExpr(ext(msg ?? {}, 'zeebe:Subscription')?.correlationKey) };
  }
  return model;
}
