/**
 * A small builder for Zeebe-dialect BPMN with diagram interchange laid out on a grid
 * (left to right; column `c`, row `r` → pixel centre). Used once to write the committed
 * `processes/*.bpmn`; those files, not this script, are the source of truth.
 */

/** Node kinds the builder writes. */
export type Kind =
  | 'start' | 'end' | 'errorEnd' | 'userTask' | 'serviceTask' | 'receiveTask'
  | 'xor' | 'and' | 'eventGw' | 'messageCatch' | 'timerCatch' | 'subProcess' | 'boundaryTimer' | 'boundaryError';

/** A flow node. */
export interface Node {
  id: string;
  kind: Kind;
  name: string;
  col: number;
  row: number;
  /** Enclosing sub-process id. */
  parent?: string;
  /** Host of a boundary event, its side and horizontal offset from the host centre. */
  attachedTo?: string;
  side?: 'top' | 'bottom';
  offset?: number;
  /** Boundary on a sub-process: the grid column of its centre. */
  atCol?: number;
  /** Non-interrupting boundary (default interrupting). */
  nonInterrupting?: boolean;
  /** Inner XML of `bpmn:extensionElements`. */
  ext?: string;
  /** Timer `timeDate` expression. */
  timeDate?: string;
  /** Message id (catch / receive task). */
  messageRef?: string;
  /** Error id (error end / boundary). */
  errorRef?: string;
  /** Default flow id (gateways). */
  defaultFlow?: string;
  /** For sub-processes: the row their incoming/outgoing flows use. */
  anchorRow?: number;
}

/** A sequence flow; `via` are grid points the edge passes through. */
export interface Flow {
  id: string;
  from: string;
  to: string;
  name?: string;
  condition?: string;
  via?: Array<[number, number]>;
  /** Orthogonal corners: go vertically first (default: horizontally, vertically for gateways and boundaries). */
  first?: 'h' | 'v';
}

/** A root-level message (with its correlation key) or error. */
export interface RootElement {
  kind: 'message' | 'error';
  id: string;
  name: string;
  correlationKey?: string;
  errorCode?: string;
}

/** A whole process. */
export interface ProcessSpec {
  /** File id (kebab case). */
  fileId: string;
  processId: string;
  name: string;
  documentation: string;
  nodes: Node[];
  flows: Flow[];
  roots: RootElement[];
}

const COL_W = 150;
const ROW_H = 130;
const X0 = 120;
const Y0 = 80;
const PAD = 30;

const SIZE: Record<string, [number, number]> = {
  task: [100, 80], event: [36, 36], gateway: [50, 50],
};

function sizeOf(kind: Kind): [number, number] {
  if (kind === 'userTask' || kind === 'serviceTask' || kind === 'receiveTask') return SIZE.task!;
  if (kind === 'xor' || kind === 'and' || kind === 'eventGw') return SIZE.gateway!;
  return SIZE.event!;
}

/** Pixel centre of a grid point. */
export const px = (col: number, row: number): [number, number] => [X0 + col * COL_W, Y0 + row * ROW_H];

/** A laid-out rectangle. */
export interface Bounds { x: number; y: number; w: number; h: number }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Computes every shape's bounds and every edge's waypoints. */
export function layout(spec: ProcessSpec): { shapes: Map<string, Bounds>; edges: Map<string, Array<[number, number]>> } {
  const shapes = new Map<string, Bounds>();
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  for (const n of spec.nodes) {
    if (n.kind === 'subProcess' || n.attachedTo) continue;
    const [cx, cy] = px(n.col, n.row);
    const [w, h] = sizeOf(n.kind);
    shapes.set(n.id, { x: cx - w / 2, y: cy - h / 2, w, h });
  }
  // Sub-processes: around their children and the waypoints of their inner flows.
  const innerFlowPoints = (sub: string) => spec.flows.filter((f) => byId.get(f.from)?.parent === sub).flatMap((f) => (f.via ?? []).map(([c, r]) => px(c, r)));
  for (const n of spec.nodes.filter((m) => m.kind === 'subProcess')) {
    const kids = spec.nodes.filter((k) => k.parent === n.id && !k.attachedTo).map((k) => shapes.get(k.id)!);
    let x1 = Math.min(...kids.map((b) => b.x)); let y1 = Math.min(...kids.map((b) => b.y));
    let x2 = Math.max(...kids.map((b) => b.x + b.w)); let y2 = Math.max(...kids.map((b) => b.y + b.h));
    for (const [x, y] of innerFlowPoints(n.id)) { x1 = Math.min(x1, x); x2 = Math.max(x2, x); y1 = Math.min(y1, y); y2 = Math.max(y2, y); }
    shapes.set(n.id, { x: x1 - PAD, y: y1 - PAD, w: x2 - x1 + 2 * PAD, h: y2 - y1 + 2 * PAD });
  }
  for (const n of spec.nodes.filter((m) => m.attachedTo)) {
    const host = shapes.get(n.attachedTo!)!;
    const cx = n.atCol !== undefined ? px(n.atCol, 0)[0] : host.x + host.w / 2 + (n.offset ?? 0);
    const cy = n.side === 'bottom' ? host.y + host.h : host.y;
    shapes.set(n.id, { x: cx - 18, y: cy - 18, w: 36, h: 36 });
  }
  const anchor = (id: string): [number, number] => {
    const n = byId.get(id)!;
    const b = shapes.get(id)!;
    if (n.kind === 'subProcess') return [b.x + b.w / 2, px(0, n.anchorRow ?? n.row)[1]];
    return [b.x + b.w / 2, b.y + b.h / 2];
  };
  const edges = new Map<string, Array<[number, number]>>();
  for (const f of spec.flows) {
    const src = byId.get(f.from)!;
    const pts: Array<[number, number]> = [anchor(f.from), ...(f.via ?? []).map(([c, r]) => px(c, r)), anchor(f.to)];
    const vFirst = f.first ? f.first === 'v' : ['xor', 'and', 'eventGw'].includes(src.kind) || Boolean(src.attachedTo);
    const ortho: Array<[number, number]> = [pts[0]!];
    for (let i = 1; i < pts.length; i++) {
      const [ax, ay] = ortho[ortho.length - 1]!;
      const [bx, by] = pts[i]!;
      if (ax !== bx && ay !== by) ortho.push(vFirst ? [ax, by] : [bx, ay]);
      ortho.push([bx, by]);
    }
    const clip = (p: [number, number], toward: [number, number], id: string): [number, number] => {
      const b = shapes.get(id)!;
      const n = byId.get(id)!;
      if (p[1] === toward[1]) return [toward[0] > p[0] ? b.x + b.w : b.x, p[1]];
      if (n.kind === 'subProcess') return [p[0], toward[1] > p[1] ? b.y + b.h : b.y];
      return [p[0], toward[1] > p[1] ? b.y + b.h : b.y];
    };
    const dedup = ortho.filter((p, i) => i === 0 || p[0] !== ortho[i - 1]![0] || p[1] !== ortho[i - 1]![1]);
    dedup[0] = clip(dedup[0]!, dedup[1]!, f.from);
    const last = dedup.length - 1;
    dedup[last] = clip(dedup[last]!, dedup[last - 1]!, f.to);
    // Drop collinear middle points.
    const clean = dedup.filter((p, i) => {
      if (i === 0 || i === dedup.length - 1) return true;
      const a = dedup[i - 1]!; const c = dedup[i + 1]!;
      return !((a[0] === p[0] && p[0] === c[0]) || (a[1] === p[1] && p[1] === c[1]));
    });
    edges.set(f.id, clean);
  }
  return { shapes, edges };
}

/** Estimated label box (11 px font, wrapped at 90 px): width and height. */
function labelSize(text: string): [number, number] {
  const width = Math.ceil(text.length * 6);
  const lines = Math.ceil(width / 90);
  return [Math.min(width, 90), 14 * lines];
}

/**
 * Explicit label positions, so that no label lands on another or on a shape: events below,
 * gateways above and to the left (their flows leave by the right, the top or the bottom), a flow's
 * name beside the middle of its first segment (to the right of a vertical one, above a horizontal one).
 */
export function labels(spec: ProcessSpec, shapes: Map<string, Bounds>, edges: Map<string, Array<[number, number]>>): Map<string, Bounds> {
  const out = new Map<string, Bounds>();
  for (const n of spec.nodes) {
    if (!n.name || ['userTask', 'serviceTask', 'receiveTask', 'subProcess'].includes(n.kind)) continue;
    const b = shapes.get(n.id)!;
    const [w, h] = labelSize(n.name);
    const cx = b.x + b.w / 2;
    if (['xor', 'and', 'eventGw'].includes(n.kind)) out.set(n.id, { x: cx - 5 - w, y: b.y - 3 - h, w, h });
    else out.set(n.id, { x: cx - w / 2, y: b.y + b.h + 5, w, h });
  }
  for (const f of spec.flows) {
    if (!f.name) continue;
    const [a, b] = edges.get(f.id)!;
    const [w, h] = labelSize(f.name);
    if (a![0] === b![0]) out.set(f.id, { x: a![0] + 6, y: (a![1] + b![1]) / 2 - h / 2, w, h });
    else out.set(f.id, { x: (a![0] + b![0]) / 2 - w / 2, y: a![1] - 4 - h, w, h });
  }
  return out;
}

const labelXml = (b: Bounds | undefined) => (b ? `\n        <bpmndi:BPMNLabel>\n          <dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />\n        </bpmndi:BPMNLabel>` : '');

function flowXml(f: Flow, indent: string): string {
  const name = f.name ? ` name="${esc(f.name)}"` : '';
  if (!f.condition) return `${indent}<bpmn:sequenceFlow id="${f.id}"${name} sourceRef="${f.from}" targetRef="${f.to}" />`;
  return `${indent}<bpmn:sequenceFlow id="${f.id}"${name} sourceRef="${f.from}" targetRef="${f.to}">\n`
    + `${indent}  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>\n`
    + `${indent}</bpmn:sequenceFlow>`;
}

const TAG: Record<Kind, string> = {
  start: 'startEvent', end: 'endEvent', errorEnd: 'endEvent', userTask: 'userTask', serviceTask: 'serviceTask',
  receiveTask: 'receiveTask', xor: 'exclusiveGateway', and: 'parallelGateway', eventGw: 'eventBasedGateway',
  messageCatch: 'intermediateCatchEvent', timerCatch: 'intermediateCatchEvent', subProcess: 'subProcess',
  boundaryTimer: 'boundaryEvent', boundaryError: 'boundaryEvent',
};

function nodeXml(spec: ProcessSpec, n: Node, indent: string): string {
  const tag = `bpmn:${TAG[n.kind]}`;
  const attrs = [`id="${n.id}"`];
  if (n.name) attrs.push(`name="${esc(n.name)}"`);
  if (n.kind === 'receiveTask' && n.messageRef) attrs.push(`messageRef="${n.messageRef}"`);
  if (n.defaultFlow) attrs.push(`default="${n.defaultFlow}"`);
  if (n.attachedTo) {
    if (n.nonInterrupting) attrs.push('cancelActivity="false"');
    attrs.push(`attachedToRef="${n.attachedTo}"`);
  }
  const inner: string[] = [];
  const i2 = `${indent}  `;
  if (n.ext) inner.push(`${i2}<bpmn:extensionElements>\n${n.ext.split('\n').map((l) => `${i2}  ${l}`).join('\n')}\n${i2}</bpmn:extensionElements>`);
  for (const f of spec.flows.filter((x) => x.to === n.id)) inner.push(`${i2}<bpmn:incoming>${f.id}</bpmn:incoming>`);
  for (const f of spec.flows.filter((x) => x.from === n.id)) inner.push(`${i2}<bpmn:outgoing>${f.id}</bpmn:outgoing>`);
  if (n.kind === 'subProcess') {
    for (const k of spec.nodes.filter((m) => m.parent === n.id)) inner.push(nodeXml(spec, k, i2));
    const kids = new Set(spec.nodes.filter((m) => m.parent === n.id).map((m) => m.id));
    for (const f of spec.flows.filter((x) => kids.has(x.from))) inner.push(flowXml(f, i2));
  }
  if (n.kind === 'timerCatch' || n.kind === 'boundaryTimer') {
    inner.push(`${i2}<bpmn:timerEventDefinition id="${n.id}_def">\n${i2}  <bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(n.timeDate!)}</bpmn:timeDate>\n${i2}</bpmn:timerEventDefinition>`);
  }
  if (n.kind === 'messageCatch') inner.push(`${i2}<bpmn:messageEventDefinition id="${n.id}_def" messageRef="${n.messageRef}" />`);
  if (n.kind === 'errorEnd' || n.kind === 'boundaryError') inner.push(`${i2}<bpmn:errorEventDefinition id="${n.id}_def" errorRef="${n.errorRef}" />`);
  if (!inner.length) return `${indent}<${tag} ${attrs.join(' ')} />`;
  return `${indent}<${tag} ${attrs.join(' ')}>\n${inner.join('\n')}\n${indent}</${tag}>`;
}

function rootXml(r: RootElement): string {
  if (r.kind === 'error') return `  <bpmn:error id="${r.id}" name="${esc(r.name)}" errorCode="${esc(r.errorCode!)}" />`;
  return `  <bpmn:message id="${r.id}" name="${esc(r.name)}">\n    <bpmn:extensionElements>\n      <zeebe:subscription correlationKey="${esc(r.correlationKey!)}" />\n    </bpmn:extensionElements>\n  </bpmn:message>`;
}

/** Serialises a process with its diagram. */
export function toXml(spec: ProcessSpec): string {
  const { shapes, edges } = layout(spec);
  const placed = labels(spec, shapes, edges);
  const top = spec.nodes.filter((n) => !n.parent);
  const topIds = new Set(top.map((n) => n.id));
  const body = [
    ...top.map((n) => nodeXml(spec, n, '    ')),
    ...spec.flows.filter((f) => topIds.has(f.from)).map((f) => flowXml(f, '    ')),
  ];
  const di: string[] = [];
  for (const n of spec.nodes) {
    const b = shapes.get(n.id)!;
    const extra = n.kind === 'subProcess' ? ' isExpanded="true"' : n.kind === 'xor' ? ' isMarkerVisible="true"' : '';
    di.push(`      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${extra}>\n        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />${labelXml(placed.get(n.id))}\n      </bpmndi:BPMNShape>`);
  }
  for (const f of spec.flows) {
    const wps = edges.get(f.id)!.map(([x, y]) => `        <di:waypoint x="${x}" y="${y}" />`).join('\n');
    di.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">\n${wps}${labelXml(placed.get(f.id))}\n      </bpmndi:BPMNEdge>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${spec.fileId.replace(/-/g, '_')}" targetNamespace="https://motcua.vn/bpmn" exporter="motcua processes/tools" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${spec.processId}" name="${esc(spec.name)}" isExecutable="true">
    <bpmn:documentation>${esc(spec.documentation)}</bpmn:documentation>
${body.join('\n')}
  </bpmn:process>
${spec.roots.map(rootXml).join('\n')}
  <bpmndi:BPMNDiagram id="${spec.processId}_diagram">
    <bpmndi:BPMNPlane id="${spec.processId}_plane" bpmnElement="${spec.processId}">
${di.join('\n')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
