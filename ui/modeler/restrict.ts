/**
 * Which modelling choices the engines run: the palette, the replace menu and the create / append
 * menus offer only the element types and event definitions of the API's supported-elements list
 * (`GET /api/modeler/supported-elements`, the embedded engine's own tables). Pure functions, plus a
 * small diagram-js module that filters the menus with them.
 */

/** The API's list (engine-adapter/embedded/supported-elements.ts). */
export interface SupportedElements {
  flowNodes: string[];
  events: Record<string, string[]>;
  eventSubProcessStart: string[];
  ignored: string[];
  loops: string[];
}

/** What a menu entry creates (bpmn-js `PopupEntries` targets). */
export interface Target {
  type: string;
  eventDefinitionType?: string;
  triggeredByEvent?: boolean;
}

/** Diagram parts that are not flow nodes and that the engines accept (ignored or structural). */
const STRUCTURAL = new Set(['bpmn:SequenceFlow', 'bpmn:TextAnnotation', 'bpmn:Group', 'bpmn:Association', 'bpmn:Lane']);

/** True when the engines run an element of this target in this context. */
export function isSupported(target: Target, list: SupportedElements, context: { inEventSubProcess?: boolean } = {}): boolean {
  if (STRUCTURAL.has(target.type) || list.ignored.includes(target.type)) return true;
  if (!list.flowNodes.includes(target.type)) return false;
  const allowed = target.type === 'bpmn:StartEvent' && context.inEventSubProcess ? list.eventSubProcessStart : list.events[target.type];
  if (!allowed) return true;
  return allowed.includes(target.eventDefinitionType ?? 'none');
}

/** Palette entry ids (bpmn-js PaletteProvider) and what they create. */
export const PALETTE_TARGETS: Record<string, Target> = {
  'create.start-event': { type: 'bpmn:StartEvent' },
  'create.intermediate-event': { type: 'bpmn:IntermediateThrowEvent' },
  'create.end-event': { type: 'bpmn:EndEvent' },
  'create.exclusive-gateway': { type: 'bpmn:ExclusiveGateway' },
  'create.task': { type: 'bpmn:Task' },
  'create.data-object': { type: 'bpmn:DataObjectReference' },
  'create.data-store': { type: 'bpmn:DataStoreReference' },
  'create.subprocess-expanded': { type: 'bpmn:SubProcess' },
  // A pool makes a collaboration: one process per diagram, no pools.
  'create.participant-expanded': { type: 'bpmn:Participant' },
  'create.group': { type: 'bpmn:Group' },
};

type Entries = Record<string, { className?: string }>;

/**
 * Keeps the menu entries whose target is supported. `targetsOf(className)` lists what entries with
 * that icon create (several targets may share one icon: kept when any of them is supported); an
 * entry whose target is unknown (headers, element templates, search) is kept.
 */
export function filterEntries<E extends Entries>(entries: E, targetsOf: (entryId: string, className: string | undefined) => Target[] | undefined, list: SupportedElements, context: { inEventSubProcess?: boolean } = {}): E {
  const out: Entries = {};
  for (const [id, entry] of Object.entries(entries)) {
    const targets = targetsOf(id, entry.className?.split(/\s+/).find((c) => c.startsWith('bpmn-icon-')));
    if (!targets?.length || targets.some((t) => isSupported(t, list, context))) out[id] = entry;
  }
  return out as E;
}
