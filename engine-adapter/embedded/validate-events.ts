/**
 * Deploy-time checks of link, escalation and signal events, with Zeebe's rules and (where Zeebe has
 * one) its message: link pairs (`links.ts`); escalation throw events need a code, catch events take
 * a static code or none (catch all), at most one catch per code and one catch-all per scope, and
 * escalation boundary events only on sub-processes and call activities; signal events need a name, at
 * most one per name among an activity's boundary events, a scope's event sub-processes and a
 * process's start events, and a process start event's FEEL name must evaluate without variables.
 */
import { BpmnValidationError } from '../errors.ts';
import { checkSyntax, evalString, type Expr } from './feel.ts';
import { validateLinks } from './links.ts';
import { element, type ElementModel, type ProcessModel } from './model.ts';

function invalid(el: ElementModel, attribute: string, message: string): BpmnValidationError {
  return new BpmnValidationError(`Element '${el.id}' (${el.type}): ${message}`, { elementId: el.id, elementType: el.type, attribute });
}

const feel = (el: ElementModel, attribute: string, expr: Expr | undefined) => checkSyntax(expr, { elementId: el.id, elementType: el.type, attribute });
const isThrow = (el: ElementModel) => el.kind === 'throwEvent' || el.kind === 'endEvent';

function checkEscalation(el: ElementModel, model: ProcessModel): void {
  if (el.event?.kind !== 'escalation') return;
  const attribute = 'bpmn:escalation.escalationCode';
  if (isThrow(el)) {
    if (!el.event.code) throw invalid(el, attribute, 'escalation throw event without an escalation code');
    return feel(el, attribute, el.event.code);
  }
  if (el.event.code?.feel) throw invalid(el, attribute, 'the escalation code of a catch event must be a static value');
  if (el.kind === 'boundaryEvent') {
    const host = model.elements.get(el.attachedTo ?? '');
    if (host && host.kind !== 'subProcess' && host.kind !== 'callActivity') {
      throw invalid(el, 'attachedToRef', 'An escalation boundary event should only be attached to a subprocess, or a call activity');
    }
  }
}

function checkSignal(el: ElementModel, model: ProcessModel): void {
  if (el.event?.kind !== 'signal') return;
  const attribute = 'bpmn:signal.name';
  if (!el.event.name.src.trim()) throw invalid(el, attribute, 'signal event without a signal name');
  feel(el, attribute, el.event.name);
  const processStart = el.kind === 'startEvent' && model.elements.get(el.scopeId!)?.kind === 'process';
  if (!processStart || !el.event.name.feel) return;
  try {
    evalString(el.event.name, {}, 'signal name');
  } catch (err) {
    throw invalid(el, attribute, `the signal name of a process start event is evaluated at deployment: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Rejects two catch events of one scope that would catch the same escalation or signal. */
function checkDuplicates(events: ElementModel[]): void {
  const seen = new Set<string>();
  for (const ev of events) {
    let key: string | undefined;
    let message = '';
    if (ev.event?.kind === 'escalation') {
      const code = ev.event.code?.src;
      key = `e\u001f${code ?? ''}`;
      message = code === undefined
        ? 'The same scope can not contain more than one escalation catch event without escalation code. An escalation catch event without escalation code catches all escalations.'
        : `Multiple escalation catch events with the same escalation code '${code}' are not supported on the same scope.`;
    } else if (ev.event?.kind === 'signal' && !ev.event.name.feel) {
      key = `s\u001f${ev.event.name.src}`;
      message = `Multiple signal event definitions with the same name '${ev.event.name.src}' are not allowed.`;
    }
    if (key === undefined) continue;
    if (seen.has(key)) throw invalid(ev, ev.event!.kind === 'signal' ? 'bpmn:signal.name' : 'bpmn:escalation.escalationCode', message);
    seen.add(key);
  }
}

/** Throws a typed engine error on the first problem found. */
export function validateEvents(model: ProcessModel): void {
  validateLinks(model);
  for (const el of model.elements.values()) {
    checkEscalation(el, model);
    checkSignal(el, model);
    checkDuplicates(el.boundaries.map((id) => element(model, id)));
    checkDuplicates(el.eventSubProcesses.map((id) => element(model, id).startEvent).filter((id): id is string => !!id).map((id) => element(model, id)));
    if (el.kind === 'process') {
      checkDuplicates([...model.elements.values()].filter((s) => s.kind === 'startEvent' && s.scopeId === el.id && s.event?.kind === 'signal'));
    }
  }
}
