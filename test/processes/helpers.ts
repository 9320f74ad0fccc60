/** Shared helpers of the process tests: the shipped process files, their DI and their moddle trees. */
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';

/** Absolute path of the repository's `processes/` directory. */
export const PROCESS_DIR = fileURLToPath(new URL('../../processes/', import.meta.url));
/** Absolute path of `schemas/procedures/`. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/procedures/', import.meta.url));

/** The ids the issue requires (DOMAIN.md §4). */
export const REQUIRED_IDS = [
  'birth-registration', 'death-registration', 'marriage-registration', 'marital-status-confirmation', 'copy-certification',
  'household-business-registration', 'construction-permit-house', 'birth-residence-insurance-bundle', 'feedback-petition',
] as const;

/** One shipped process file. */
export interface ProcessFile {
  id: string;
  file: string;
  xml: string;
}

/** Every `processes/*.bpmn`, sorted by id. */
export function processFiles(): ProcessFile[] {
  return readdirSync(PROCESS_DIR).filter((f) => f.endsWith('.bpmn')).sort().map((f) => ({
    id: f.replace(/\.bpmn$/, ''), file: f, xml: readFileSync(`${PROCESS_DIR}${f}`, 'utf8'),
  }));
}

/** A laid-out shape. */
export interface Shape { id: string; x: number; y: number; w: number; h: number }

type Moddle = any;

const zeebe = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');
const moddle = new BpmnModdle({ zeebe });

/** Parses XML with the Zeebe moddle; returns the definitions. */
export async function readModdle(xml: string): Promise<Moddle> {
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  return rootElement;
}

/** Every flow element (recursively through sub-processes) of the first process. */
export function flowElements(definitions: Moddle): Moddle[] {
  const proc = definitions.rootElements.find((r: Moddle) => r.$type === 'bpmn:Process');
  const out: Moddle[] = [];
  const walk = (c: Moddle) => {
    for (const fe of c.flowElements ?? []) {
      out.push(fe);
      if (fe.$type === 'bpmn:SubProcess') walk(fe);
    }
  };
  walk(proc);
  return out;
}

/** The process element. */
export function processOf(definitions: Moddle): Moddle {
  return definitions.rootElements.find((r: Moddle) => r.$type === 'bpmn:Process');
}

/** DI shapes and edges by element id. */
export function diagram(definitions: Moddle): { shapes: Map<string, Shape>; edges: Map<string, Array<{ x: number; y: number }>> } {
  const shapes = new Map<string, Shape>();
  const edges = new Map<string, Array<{ x: number; y: number }>>();
  for (const d of definitions.diagrams ?? []) {
    for (const el of d.plane.planeElement ?? []) {
      if (el.$type === 'bpmndi:BPMNShape') {
        const b = el.bounds;
        shapes.set(el.bpmnElement.id, { id: el.bpmnElement.id, x: Number(b.x), y: Number(b.y), w: Number(b.width), h: Number(b.height) });
      } else if (el.$type === 'bpmndi:BPMNEdge') {
        edges.set(el.bpmnElement.id, (el.waypoint ?? []).map((p: Moddle) => ({ x: Number(p.x), y: Number(p.y) })));
      }
    }
  }
  return { shapes, edges };
}

/** True when two rectangles share interior area. */
export function overlaps(a: Shape, b: Shape): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** True when `inner` lies within `outer`. */
export function inside(inner: Shape, outer: Shape): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** An extension element of a type, or undefined. */
export function ext(el: Moddle, type: string): Moddle | undefined {
  return (el.extensionElements?.values ?? []).find((v: Moddle) => v.$type === type);
}

/** The `zeebe:taskHeaders` of an element as a record. */
export function headersOf(el: Moddle): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of ext(el, 'zeebe:TaskHeaders')?.values ?? []) out[h.key] = h.value;
  return out;
}

/** Reads a fixture of this directory. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}
