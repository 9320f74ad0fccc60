/**
 * The process diagram drawn by bpmn-js's NavigatedViewer (pan with the mouse, zoom with the wheel
 * or the buttons), with the elements done and current marked. Loaded with `import()` by the
 * dossier page only: bpmn-js and its stylesheets (inserted once as a <style>) stay out of every
 * other page.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import diagramCss from 'bpmn-js/dist/assets/diagram-js.css' with { type: 'text' };
import bpmnCss from 'bpmn-js/dist/assets/bpmn-js.css' with { type: 'text' };

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
  resized(): void;
}

interface Registry {
  get(id: string): { type?: string } | undefined;
}

/** Elements that contain others: marked by their outline only, so that what is inside stays readable. */
const SCOPES = new Set(['bpmn:SubProcess', 'bpmn:Participant', 'bpmn:Transaction', 'bpmn:AdHocSubProcess']);

export interface Marks {
  active: string[];
  completed: string[];
  incidents: string[];
}

export interface DiagramHandle {
  zoom(by: 'in' | 'out' | 'fit'): void;
  /** Puts `html` at the bottom right of an element (a bpmn-js overlay); false when the diagram has no such element. */
  badge(elementId: string, html: HTMLElement): boolean;
  /** Calls `fn` with the id of each element clicked in the drawing. */
  onClick(fn: (elementId: string) => void): void;
  destroy(): void;
}

let styled = false;
function addStyles(): void {
  if (styled) return;
  styled = true;
  const style = document.createElement('style');
  style.dataset.source = 'bpmn-js';
  style.textContent = `${diagramCss}\n${bpmnCss}`;
  document.head.prepend(style);
}

/**
 * Draws `xml` into `container`, marks the elements, zooms to fit; throws when the XML cannot be
 * read. The drawing (focusable: arrow keys pan it) is an image named `label`, described by the
 * element `describedBy` (the list of steps).
 */
export async function drawDiagram(container: HTMLElement, xml: string, marks: Marks, label: string, describedBy: string): Promise<DiagramHandle> {
  addStyles();
  const viewer = new NavigatedViewer({ container });
  try {
    await viewer.importXML(xml);
  } catch (err) {
    viewer.destroy();
    throw err;
  }
  const canvas = viewer.get('canvas') as Canvas;
  const registry = viewer.get('elementRegistry') as Registry;
  const mark = (ids: string[], marker: string) => {
    for (const id of ids) {
      const element = registry.get(id);
      if (!element) continue;
      canvas.addMarker(id, marker);
      if (element.type && SCOPES.has(element.type)) canvas.addMarker(id, 'highlight-scope');
    }
  };
  mark(marks.completed.filter((id) => !marks.active.includes(id) && !marks.incidents.includes(id)), 'highlight-done');
  mark(marks.active.filter((id) => !marks.incidents.includes(id)), 'highlight-active');
  mark(marks.incidents, 'highlight-incident');
  canvas.zoom('fit-viewport', 'auto');
  const svg = container.querySelector('svg');
  svg?.setAttribute('role', 'img');
  svg?.setAttribute('aria-label', label);
  svg?.setAttribute('aria-describedby', describedBy);
  // The card may change width (a window resized, a tablet turned): fit again.
  const observer = new ResizeObserver(() => {
    canvas.resized();
    canvas.zoom('fit-viewport', 'auto');
  });
  observer.observe(container);
  const overlays = viewer.get('overlays') as { add(id: string, o: { position: { bottom: number; right: number }; html: HTMLElement; scale: boolean }): string };
  const events = viewer.get('eventBus') as { on(event: string, fn: (e: { element: { id: string } }) => void): void };
  return {
    badge(elementId, html) {
      if (!registry.get(elementId)) return false;
      // Not scaled with the drawing: readable however far it is zoomed out.
      overlays.add(elementId, { position: { bottom: 0, right: 0 }, html, scale: false });
      return true;
    },
    onClick(fn) {
      events.on('element.click', (e) => fn(e.element.id));
    },
    zoom(by) {
      if (by === 'fit') canvas.zoom('fit-viewport', 'auto');
      else canvas.zoom(canvas.zoom() * (by === 'in' ? 1.25 : 0.8), 'auto');
    },
    destroy() {
      observer.disconnect();
      viewer.destroy();
    },
  };
}
