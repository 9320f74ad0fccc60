/**
 * The process editor: camunda-bpmn-js's Camunda 8 modeler (properties panel with the Zeebe properties,
 * element templates, create / append menus) with motcua's step templates, menus narrowed to what the
 * engines run (`restrict.ts`), and markers for the issues of @camunda/linting and of the API's check.
 * Loaded with `import()` by the modeler page only.
 */
import Modeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler';
import lintingModule from '@camunda/linting/modeler';
import { Linter } from '@camunda/linting';
import { PopupEntries } from 'bpmn-js/lib/features/popup-menu/PopupEntries';
import { addModelerStyles } from './styles.ts';
import { filterEntries, PALETTE_TARGETS, type SupportedElements, type Target } from './restrict.ts';

/** One issue shown on the diagram: @camunda/linting's report shape. */
export interface Issue {
  id: string;
  message: string;
  category: 'error' | 'warn' | 'info';
  rule: string;
  /** Where it comes from: the browser's linter or the API's check (contract, engine). */
  source: 'lint' | 'api';
}

export interface EditorHandle {
  open(xml: string): Promise<void>;
  xml(): Promise<string>;
  /** The definitions of the diagram open now (for the browser's linter). */
  lintLocally(): Promise<Issue[]>;
  /** Shows issues as markers (replacing the previous ones). */
  showIssues(issues: Issue[]): void;
  select(elementId: string): void;
  undo(): void;
  redo(): void;
  state(): { canUndo: boolean; canRedo: boolean };
  /** Called after each change of the diagram (by the user, undo, redo). */
  onChange(fn: () => void): void;
  /** Elements a step can be inserted after (exactly one outgoing sequence flow), with their names. */
  insertionPoints(): Array<{ id: string; name: string }>;
  /**
   * Inserts a step made from an element template after `elementId` (one outgoing sequence flow): makes
   * room, drops it on that flow, selects it and opens its label. The keyboard's way to add a step.
   * Returns the new element's id, or null.
   */
  insertAfter(elementId: string, templateId: string): string | null;
  /** Called with the id of the element selected on the canvas (null when none or several). */
  onSelection(fn: (elementId: string | null) => void): void;
  destroy(): void;
}

type Any = any;

const targetsByIcon = new Map<string, Target[]>();
for (const entry of Object.values(PopupEntries as Record<string, { className: string; target: Target }>)) {
  const list = targetsByIcon.get(entry.className) ?? [];
  list.push(entry.target);
  targetsByIcon.set(entry.className, list);
}

/** A diagram-js module filtering the palette and the replace / create / append menus. */
function restrictModule(list: SupportedElements) {
  function Restrict(this: unknown, palette: Any, popupMenu: Any) {
    palette.registerProvider(1, {
      getPaletteEntries: () => (entries: Record<string, { className?: string }>) => filterEntries(entries, (id) => (PALETTE_TARGETS[id] ? [PALETTE_TARGETS[id]!] : undefined), list),
    });
    for (const menu of ['bpmn-replace', 'bpmn-create', 'bpmn-append']) {
      popupMenu.registerProvider(menu, 1, {
        getPopupMenuEntries: (element: Any) => (entries: Record<string, { className?: string }>) => {
          const parent = element?.parent?.businessObject ?? element?.businessObject?.$parent;
          const inEventSubProcess = menu === 'bpmn-replace' && parent?.$type === 'bpmn:SubProcess' && parent.triggeredByEvent === true;
          return filterEntries(entries, (_id, icon) => (icon ? targetsByIcon.get(icon) : undefined), list, { inEventSubProcess });
        },
      });
    }
  }
  (Restrict as Any).$inject = ['palette', 'popupMenu'];
  return { __init__: ['motcuaRestrict'], motcuaRestrict: ['type', Restrict] };
}

const MARKERS = ['motcua-issue--error', 'motcua-issue--warn'];

/** Creates the editor in `canvas`, its properties panel in `panel`. */
export async function createEditor(canvas: HTMLElement, panel: HTMLElement, options: { templates: unknown[]; supported: SupportedElements; label: string }): Promise<EditorHandle> {
  addModelerStyles();
  const modeler: Any = new (Modeler as Any)({
    container: canvas,
    propertiesPanel: { parent: panel },
    elementTemplates: options.templates,
    additionalModules: [lintingModule, restrictModule(options.supported)],
    linting: { active: true },
  });
  const linter = new Linter({ modeler: 'web', type: 'cloud' });
  const listeners: Array<() => void> = [];
  modeler.on('commandStack.changed', () => listeners.forEach((fn) => fn()));
  let marked: string[] = [];
  const insertable = (el: Any): boolean => !!el && !el.waypoints && !el.labelTarget
    && (el.outgoing ?? []).filter((c: Any) => c.type === 'bpmn:SequenceFlow').length === 1;
  const label = () => {
    const svg = canvas.querySelector('svg');
    svg?.setAttribute('role', 'application');
    svg?.setAttribute('aria-label', options.label);
  };

  return {
    async open(xml) {
      await modeler.importXML(xml);
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      label();
    },
    async xml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml as string;
    },
    async lintLocally() {
      const reports = await linter.lint(modeler.getDefinitions());
      return reports.map((r) => ({ id: r.id, message: r.message, category: r.category === 'error' ? 'error' : r.category === 'warn' ? 'warn' : 'info', rule: r.rule, source: 'lint' as const }));
    },
    showIssues(issues) {
      modeler.get('linting').setErrors(issues);
      const c = modeler.get('canvas');
      const registry = modeler.get('elementRegistry');
      for (const id of marked) if (registry.get(id)) MARKERS.forEach((m) => c.removeMarker(id, m));
      marked = [];
      for (const issue of issues) {
        if (!registry.get(issue.id) || issue.category === 'info') continue;
        c.addMarker(issue.id, issue.category === 'error' ? MARKERS[0] : MARKERS[1]);
        marked.push(issue.id);
      }
    },
    select(elementId) {
      const element = modeler.get('elementRegistry').get(elementId);
      if (!element) return;
      modeler.get('canvas').scrollToElement(element);
      modeler.get('selection').select(element);
    },
    undo: () => modeler.get('commandStack').undo(),
    redo: () => modeler.get('commandStack').redo(),
    state() {
      const stack = modeler.get('commandStack');
      return { canUndo: stack.canUndo(), canRedo: stack.canRedo() };
    },
    onChange(fn) {
      listeners.push(fn);
    },
    insertionPoints() {
      return modeler.get('elementRegistry').filter((e: Any) => insertable(e))
        .map((e: Any) => ({ id: e.id as string, name: (e.businessObject?.name as string | undefined) ?? '' }))
        .sort((a: { name: string; id: string }, b: { name: string; id: string }) => (a.name || a.id).localeCompare(b.name || b.id, 'vi'));
    },
    insertAfter(elementId, templateId) {
      const source = modeler.get('elementRegistry').get(elementId);
      const template = (modeler.get('elementTemplates').getAll() as Any[]).find((x) => x.id === templateId);
      if (!source || !insertable(source) || !template) return null;
      const flow = source.outgoing.find((c: Any) => c.type === 'bpmn:SequenceFlow');
      const modeling = modeler.get('modeling');
      // Room for the new step: everything right of the source moves 150 to the east (the space tool's command).
      const start = source.x + source.width + 1;
      const all = modeler.get('elementRegistry').filter((e: Any) => e.parent && !e.labelTarget);
      const { movingShapes, resizingShapes } = modeler.get('spaceTool').calculateAdjustments(all, 'x', 150, start);
      modeling.createSpace(movingShapes, resizingShapes, { x: 150, y: 0 }, 'e', start);
      const shape = modeler.get('elementTemplates').createElement(template);
      const created = modeling.createShape(shape, { x: source.x + source.width + 85, y: source.y + source.height / 2 }, flow);
      modeler.get('canvas').scrollToElement(created);
      modeler.get('selection').select(created);
      modeler.get('directEditing').activate(created);
      return created.id as string;
    },
    onSelection(fn) {
      modeler.on('selection.changed', (e: Any) => fn(e.newSelection?.length === 1 ? e.newSelection[0].id : null));
    },
    destroy() {
      modeler.destroy();
    },
  };
}
