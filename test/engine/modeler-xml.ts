/**
 * Fixtures as Camunda Modeler saves them: `definitions` with the Modeler's namespaces and execution platform
 * (Camunda Cloud 8.8), and a `bpmndi` diagram with a shape for every flow node and an edge for every
 * sequence flow and association (laid out on a grid; the engine ignores the layout).
 */

const NON_NODES = new Set(['sequenceFlow', 'association', 'process', 'message', 'error', 'signal', 'escalation', 'definitions', 'textAnnotation']);

function shapes(body: string): string {
  const out: string[] = [];
  let i = 0;
  for (const m of body.matchAll(/<bpmn:(\w+) id="([^"]+)"/g)) {
    const [, tag, id] = m;
    if (NON_NODES.has(tag!) || tag!.endsWith('EventDefinition')) continue;
    const x = 150 + (i % 8) * 160;
    const y = 80 + Math.floor(i / 8) * 140;
    i++;
    const event = /Event$/.test(tag!);
    const [w, h] = event ? [36, 36] : [100, 80];
    const expanded = /[sS]ubProcess$/.test(tag!) ? ' isExpanded="true"' : '';
    out.push(`<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${expanded}><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}"/></bpmndi:BPMNShape>`);
  }
  for (const m of body.matchAll(/<bpmn:(sequenceFlow|association) id="([^"]+)"/g)) {
    out.push(`<bpmndi:BPMNEdge id="${m[2]}_di" bpmnElement="${m[2]}"><di:waypoint x="0" y="0"/><di:waypoint x="10" y="10"/></bpmndi:BPMNEdge>`);
  }
  return out.join('\n    ');
}

/** A deployable resource as the Modeler writes it: `root` (messages, errors) then one process. */
export function modelerXml(processId: string, body: string, root = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}"
  targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.40.0"
  modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  ${root}
  <bpmn:process id="${processId}" isExecutable="true">
    ${body}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
    ${shapes(body)}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

/** A service task (job worker) with `zeebe:taskDefinition`. */
export function job(id: string, type: string, attrs = '', extra = ''): string {
  return `<bpmn:serviceTask id="${id}" name="${id}"${attrs ? ` ${attrs}` : ''}><bpmn:extensionElements><zeebe:taskDefinition type="${type}"/>${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
}

/** A compensation handler: a service task with the compensation marker. */
export function undo(id: string, type: string): string {
  return job(id, type, 'isForCompensation="true"');
}

/** A compensation boundary event on `activity`, associated with `handler`. */
export function compensationBoundary(id: string, activity: string, handler: string): string {
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${activity}"><bpmn:compensateEventDefinition id="${id}_def"/></bpmn:boundaryEvent>
    <bpmn:association id="${id}_assoc" associationDirection="One" sourceRef="${id}" targetRef="${handler}"/>`;
}

/** A compensation intermediate throw (`tag` intermediateThrowEvent) or end event, optionally for one activity. */
export function compensationThrow(tag: 'intermediateThrowEvent' | 'endEvent', id: string, activityRef?: string, attrs = ''): string {
  const ref = activityRef ? ` activityRef="${activityRef}"` : '';
  return `<bpmn:${tag} id="${id}" name="${id}"><bpmn:compensateEventDefinition id="${id}_def"${ref}${attrs ? ` ${attrs}` : ''}/></bpmn:${tag}>`;
}
