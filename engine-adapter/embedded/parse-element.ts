/** Reduces one bpmn-moddle flow node to an {@link ElementModel}; rejects unsupported types and event kinds. */
import { UnsupportedElementError } from '../errors.ts';
import { toExpr } from './feel.ts';
import type { ElementKind, ElementModel, EventDef, Mapping } from './model.ts';
import { ALLOWED_EVENTS, ELEMENT_KINDS as KINDS, IGNORED_TYPES, JOB_TASK_TYPES as JOB_TYPES } from './supported-elements.ts';

/** A bpmn-moddle element (untyped). */
export type Moddle = any;

/** Flow elements that carry no behaviour and are ignored on purpose (the table lives in `supported-elements.ts`). */
export { IGNORED_TYPES };

function ext(el: Moddle, type: string): Moddle | undefined {
  return (el.extensionElements?.values ?? []).find((v: Moddle) => v.$type === type);
}

/** Zeebe extensions that change behaviour and that this engine does not execute: rejected, never ignored. */
const UNSUPPORTED_EXTENSIONS: Record<string, string> = {
  'zeebe:ExecutionListeners': 'execution listeners',
  'zeebe:CalledDecision': 'DMN decisions (zeebe:calledDecision); use a job worker instead',
  'zeebe:AdHoc': 'ad-hoc sub-processes',
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
      if ((l.eventType ?? 'creating') !== 'creating') {
        throw new UnsupportedElementError(el.id ?? '?', `${el.$type}/zeebe:TaskListener`, `task listeners of event type '${l.eventType}' are not supported (only 'creating')`);
      }
    }
  }
}

function kindOf(el: Moddle): ElementKind {
  rejectUnsupportedExtensions(el);
  if (JOB_TYPES.has(el.$type)) return 'jobTask';
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
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
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
    creatingListeners: (ext(el, 'zeebe:TaskListeners')?.listeners ?? []).map((l: Moddle) => ({
      type: toExpr(l.type) ?? { feel: false, src: '' }, retries: toExpr(l.retries) ?? { feel: false, src: '3' },
    })),
  };
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
  const jobBased = kind === 'jobTask' || (kind === 'endEvent' && event?.kind === 'message');
  if (jobBased) model.job = { type: toExpr(td?.type) ?? { feel: false, src: '' }, retries: toExpr(td?.retries) ?? { feel: false, src: '3' } };
  if (kind === 'userTask') model.userTask = userTaskOf(el);
  if (kind === 'callActivity') model.called = calledOf(el);
  if (kind === 'scriptFeel') model.script = { expr: toExpr(script.expression) ?? { feel: false, src: '' }, resultVariable: script.resultVariable || undefined };
  if (kind === 'receiveTask') {
    const msg = el.messageRef;
    model.event = { kind: 'message', name: toExpr(msg?.name) ?? { feel: false, src: '' }, correlationKey: toExpr(ext(msg ?? {}, 'zeebe:Subscription')?.correlationKey) };
  }
  return model;
}
