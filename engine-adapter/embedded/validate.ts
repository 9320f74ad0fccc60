/** Deploy-time checks of a parsed model: required attributes, FEEL syntax, static timer values. */
import { BpmnValidationError, MissingJobTypeError, UnsupportedElementError } from '../errors.ts';
import { checkAdHoc } from './ad-hoc-model.ts';
import { checkCompensation } from './compensation-model.ts';
import { parseCycle, parseDate, parseDuration } from './duration.ts';
import { checkSyntax, unknownFunctions, type Expr } from './feel.ts';
import type { ElementModel, ProcessModel } from './model.ts';
import { validateEvents } from './validate-events.ts';
import { checkListeners } from './listener-validation.ts';
import { timerKindError } from './validate-timers.ts';
import { jobUserTaskError } from './job-user-task.ts';

function invalid(el: ElementModel, attribute: string, message: string): BpmnValidationError {
  return new BpmnValidationError(`Element '${el.id}' (${el.type}): ${message}`, { elementId: el.id, elementType: el.type, attribute });
}

function feel(el: ElementModel, attribute: string, expr: Expr | undefined): void {
  checkSyntax(expr, { elementId: el.id, elementType: el.type, attribute });
  const [unknown] = unknownFunctions(expr);
  if (unknown) throw invalid(el, attribute, `no function found with name '${unknown}' in the expression '${expr!.src}'`);
}

function checkTimer(el: ElementModel, model: ProcessModel): void {
  if (el.event?.kind !== 'timer') return;
  const { type, expr } = el.event.timer;
  const attribute = `bpmn:time${type[0]!.toUpperCase()}${type.slice(1)}`;
  const kindError = timerKindError(el, type, model);
  if (kindError) throw invalid(el, attribute, kindError);
  if (!expr.src) throw invalid(el, attribute, 'timer has no value');
  feel(el, attribute, expr);
  if (expr.feel) return;
  try {
    if (type === 'duration' && !parseDuration(expr.src)) throw new Error(`invalid duration '${expr.src}'`);
    if (type === 'date') parseDate(expr.src);
    if (type === 'cycle') parseCycle(expr.src);
  } catch (err) {
    throw invalid(el, attribute, err instanceof Error ? err.message : String(err));
  }
}

function checkEvent(el: ElementModel, model: ProcessModel): void {
  const ev = el.event;
  if (ev?.kind === 'message' && el.kind !== 'endEvent' && el.kind !== 'throwEvent') {
    if (!ev.name.src) throw invalid(el, 'bpmn:message.name', 'message event without a message name');
    feel(el, 'bpmn:message.name', ev.name);
    const isStart = el.kind === 'startEvent' && model.elements.get(el.scopeId!)?.kind === 'process';
    if (!isStart && !ev.correlationKey) throw invalid(el, 'zeebe:subscription.correlationKey', 'message subscription without a correlation key');
    feel(el, 'zeebe:subscription.correlationKey', ev.correlationKey);
  }
  if (ev?.kind === 'error' && el.kind === 'endEvent' && !ev.code) throw invalid(el, 'bpmn:error.errorCode', 'error end event without an error code');
  checkTimer(el, model);
}

function checkTask(el: ElementModel): void {
  const jobUserTask = jobUserTaskError(el);
  if (jobUserTask) throw invalid(el, 'zeebe:taskListeners', jobUserTask);
  if (el.job) {
    if (!el.job.type.src) throw new MissingJobTypeError(el.id, el.type);
    feel(el, 'zeebe:taskDefinition.type', el.job.type);
    feel(el, 'zeebe:taskDefinition.retries', el.job.retries);
  }
  if (el.script) {
    if (!el.script.expr.feel) throw invalid(el, 'zeebe:script.expression', 'script expression must be FEEL (start with =)');
    if (!el.script.resultVariable) throw invalid(el, 'zeebe:script.resultVariable', 'script task without a result variable');
    feel(el, 'zeebe:script.expression', el.script.expr);
  }
  if (el.called) {
    if (!el.called.processId.src) throw invalid(el, 'zeebe:calledElement.processId', 'call activity without a process id');
    feel(el, 'zeebe:calledElement.processId', el.called.processId);
  }
  for (const [name, expr] of Object.entries(el.userTask ?? {})) if (typeof expr === 'object' && !Array.isArray(expr) && name !== 'listeners') feel(el, `zeebe:userTask.${name}`, expr as Expr);
  for (const l of el.userTask?.creatingListeners ?? []) {
    if (!l.type.src) throw invalid(el, 'zeebe:taskListener.type', 'task listener without a job type');
    feel(el, 'zeebe:taskListener.type', l.type);
    feel(el, 'zeebe:taskListener.retries', l.retries);
  }
  for (const m of el.inputs) feel(el, `zeebe:input(${m.target})`, m.source);
  for (const m of el.outputs) feel(el, `zeebe:output(${m.target})`, m.source);
  if (el.mi) {
    if (!el.mi.inputCollection.src) throw invalid(el, 'zeebe:loopCharacteristics.inputCollection', 'multi-instance without an input collection');
    feel(el, 'zeebe:loopCharacteristics.inputCollection', el.mi.inputCollection);
    feel(el, 'zeebe:loopCharacteristics.outputElement', el.mi.outputElement);
    feel(el, 'bpmn:completionCondition', el.mi.completionCondition);
  }
}

function checkFlows(el: ElementModel, model: ProcessModel): void {
  for (const id of el.outgoing) {
    const flow = model.flows.get(id)!;
    feel(el, `bpmn:conditionExpression(${id})`, flow.condition);
    const needsCondition = (el.kind === 'exclusiveGateway' || el.kind === 'inclusiveGateway') && el.outgoing.length > 1 && id !== el.defaultFlow;
    if (needsCondition && !flow.condition) throw invalid(el, `bpmn:conditionExpression(${id})`, `sequence flow '${id}' needs a condition`);
  }
  if (el.kind === 'eventBasedGateway') {
    for (const id of el.outgoing) {
      const target = model.elements.get(model.flows.get(id)!.targetId);
      if (target?.kind !== 'catchEvent') throw invalid(el, 'outgoing', `event-based gateway must lead to timer or message catch events, not '${target?.id}'`);
    }
  }
  if (el.kind === 'boundaryEvent' && !el.attachedTo) throw invalid(el, 'attachedToRef', 'boundary event not attached');
  if (el.kind === 'eventSubProcess' && !el.startEvent) throw invalid(el, 'startEvent', 'event sub-process without a start event');
  if (el.kind === 'subProcess' && !el.startEvent) throw invalid(el, 'startEvent', 'sub-process without a none start event');
  if (el.kind === 'startEvent' && el.incoming.length) throw invalid(el, 'incoming', 'start event with incoming flows');
}

/** Throws a typed engine error on the first problem found. */
export function validateModel(model: ProcessModel): void {
  for (const flow of model.flows.values()) {
    if (!model.elements.has(flow.sourceId) || !model.elements.has(flow.targetId)) {
      throw new BpmnValidationError(`Sequence flow '${flow.id}' connects unknown elements`, { elementId: flow.id, elementType: 'bpmn:SequenceFlow' });
    }
  }
  for (const el of model.elements.values()) {
    checkListeners(el);
    if (el.kind === 'process') continue;
    if (el.mi && ['startEvent', 'endEvent', 'boundaryEvent', 'catchEvent', 'throwEvent', 'compensationThrow'].includes(el.kind)) throw new UnsupportedElementError(el.id, el.type, 'multi-instance on an event');
    checkEvent(el, model);
    checkTask(el);
    checkFlows(el, model);
  }
  validateEvents(model);
  checkCompensation(model);
  checkAdHoc(model);
}
