/**
 * The modeler's menus offer exactly what the engine runs: for every element bpmn-js's menus can create
 * (its `PopupEntries` catalogue, the targets of the palette, replace, create and append menus) in a
 * simple context, the filter's verdict on the API's supported-elements list agrees with the embedded
 * engine's parser on a one-element process.
 */
import t from 'tap';
import { parseBpmn } from '../../engine-adapter/embedded/index.ts';
import { supportedElements } from '../../engine-adapter/embedded/supported-elements.ts';
import { isSupported, type Target } from '../../ui/modeler/restrict.ts';
import { PopupEntries } from 'bpmn-js/lib/features/popup-menu/PopupEntries.js';

const EVENT_BODY: Record<string, string> = {
  'bpmn:MessageEventDefinition': '<bpmn:messageEventDefinition messageRef="Msg" />',
  'bpmn:TimerEventDefinition': '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>',
  'bpmn:ErrorEventDefinition': '<bpmn:errorEventDefinition errorRef="Err" />',
  'bpmn:TerminateEventDefinition': '<bpmn:terminateEventDefinition />',
  'bpmn:SignalEventDefinition': '<bpmn:signalEventDefinition signalRef="Sig" />',
  'bpmn:EscalationEventDefinition': '<bpmn:escalationEventDefinition escalationRef="Esc" />',
  'bpmn:ConditionalEventDefinition': '<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=true</bpmn:condition></bpmn:conditionalEventDefinition>',
  'bpmn:CompensateEventDefinition': '<bpmn:compensateEventDefinition />',
  'bpmn:LinkEventDefinition': '<bpmn:linkEventDefinition name="L" />',
};

/** A process with the element between a start and an end (or as the start / the end itself). */
function processWith(target: Target): string | null {
  const tag = target.type.replace('bpmn:', '');
  const name = tag[0]!.toLowerCase() + tag.slice(1);
  if (['BoundaryEvent', 'Participant', 'Lane', 'DataObjectReference', 'DataStoreReference', 'Group', 'TextAnnotation', 'SequenceFlow'].includes(tag)) return null;
  if (target.triggeredByEvent) return null;
  // A timer start event has a date or a cycle (Camunda refuses a duration there); the other timer events a duration.
  const timerStart = tag === 'StartEvent' && target.eventDefinitionType === 'bpmn:TimerEventDefinition';
  const body = timerStart ? '<bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>' : target.eventDefinitionType ? EVENT_BODY[target.eventDefinitionType] : '';
  if (body === undefined) return null;
  // An event-based gateway needs catch events after it: checked on its own below.
  if (tag === 'EventBasedGateway') return null;
  const jobBased = ['ServiceTask', 'SendTask', 'BusinessRuleTask', 'ScriptTask'].includes(tag)
    || (['EndEvent', 'IntermediateThrowEvent'].includes(tag) && target.eventDefinitionType === 'bpmn:MessageEventDefinition');
  // A link throw event needs its catch event in the scope (Zeebe's rule).
  const linkCatch = tag === 'IntermediateThrowEvent' && target.eventDefinitionType === 'bpmn:LinkEventDefinition'
    ? '<bpmn:intermediateCatchEvent id="LC"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>' : '';
  const ext = jobBased
    ? '<bpmn:extensionElements><zeebe:taskDefinition type="job" /></bpmn:extensionElements>'
    : tag === 'CallActivity' ? '<bpmn:extensionElements><zeebe:calledElement processId="other" /></bpmn:extensionElements>'
    : tag === 'SubProcess' ? '<bpmn:startEvent id="S2" /><bpmn:sequenceFlow id="f3" sourceRef="S2" targetRef="E2" /><bpmn:endEvent id="E2" />'
    : tag === 'AdHocSubProcess' ? '<bpmn:task id="T2" />'
    : '';
  const messageRef = tag === 'ReceiveTask' ? ' messageRef="Msg"' : '';
  const element = `<bpmn:${name} id="X"${messageRef}>${ext}${body}<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:${name}>`;
  const start = tag === 'StartEvent' ? '' : '<bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent><bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="X" />';
  const end = tag === 'EndEvent' ? '' : '<bpmn:endEvent id="E"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent><bpmn:sequenceFlow id="f2" sourceRef="X" targetRef="E" />';
  const inner = tag === 'StartEvent' ? element.replace('<bpmn:incoming>f1</bpmn:incoming>', '') : tag === 'EndEvent' ? element.replace('<bpmn:outgoing>f2</bpmn:outgoing>', '') : element;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="t">
  <bpmn:message id="Msg" name="m"><bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements></bpmn:message>
  <bpmn:error id="Err" errorCode="E1" /><bpmn:signal id="Sig" name="s" /><bpmn:escalation id="Esc" escalationCode="e" />
  <bpmn:process id="p" isExecutable="true">${start}${inner}${end}${linkCatch}</bpmn:process>
</bpmn:definitions>`;
}

t.test('the menu filter agrees with the engine on every element the menus create', async (t) => {
  const list = supportedElements();
  const targets = Object.values(PopupEntries as Record<string, { target: Target & { cancelActivity?: boolean; isInterrupting?: boolean } }>).map((e) => e.target)
    .filter((x) => x.isInterrupting !== false);
  let compared = 0;
  for (const target of targets) {
    const xml = processWith(target);
    if (!xml) continue;
    const engine = await parseBpmn(xml, 'x.bpmn').then(() => true, () => false);
    t.equal(isSupported(target, list), engine, `${target.type} ${target.eventDefinitionType ?? ''}`.trim());
    compared++;
  }
  t.ok(compared > 25, `${compared} elements compared`);
  t.ok(isSupported({ type: 'bpmn:EventBasedGateway' }, list), 'event-based gateways are offered');
  t.notOk(isSupported({ type: 'bpmn:Participant' }, list), 'no pools');
  t.ok(isSupported({ type: 'bpmn:StartEvent', eventDefinitionType: 'bpmn:ErrorEventDefinition' }, list, { inEventSubProcess: true }), 'an error start inside an event sub-process');
  t.notOk(isSupported({ type: 'bpmn:StartEvent', eventDefinitionType: 'bpmn:ErrorEventDefinition' }, list), 'but not at the top level');
});
