/**
 * A visual diff between two process versions (bpmn-js-differ): both drawn side by side by the Camunda
 * 8 viewer, the elements added (green, on the newer), removed (red, on the older) and changed (amber,
 * on both) marked, and the changed properties listed. Loaded with `import()` by the modeler page.
 */
import NavigatedViewer from 'camunda-bpmn-js/lib/camunda-cloud/NavigatedViewer';
import { diff } from 'bpmn-js-differ';
import { addModelerStyles } from './styles.ts';

type Any = any;

/** One difference, for the list beside the drawings. */
export interface Change {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  type: string;
  name: string;
  /** Changed properties: name, old value, new value (as text). */
  properties: Array<{ name: string; oldValue: string; newValue: string }>;
}

export interface DiffHandle {
  changes: Change[];
  destroy(): void;
}

const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    const o = v as Any;
    if (o.$type && o.id) return `${o.$type.replace(/^bpmn:/, '')} ${o.id}`;
    if (o.$type) return o.$type;
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  // References are serialised as `#ref:<id>`: show the id.
  return String(v).replace(/^#ref:/, '');
};

async function draw(container: HTMLElement, xml: string, label: string): Promise<Any> {
  const viewer: Any = new (NavigatedViewer as Any)({ container });
  await viewer.importXML(xml);
  viewer.get('canvas').zoom('fit-viewport', 'auto');
  const svg = container.querySelector('svg');
  svg?.setAttribute('role', 'img');
  svg?.setAttribute('aria-label', label);
  return viewer;
}

/** Draws `oldXml` into `oldBox` and `newXml` into `newBox` with the differences marked. */
export async function drawDiff(oldBox: HTMLElement, newBox: HTMLElement, oldXml: string, newXml: string, labels: { old: string; new: string }): Promise<DiffHandle> {
  addModelerStyles();
  const older = await draw(oldBox, oldXml, labels.old);
  const newer = await draw(newBox, newXml, labels.new);
  const result = diff(older.getDefinitions(), newer.getDefinitions());
  const mark = (viewer: Any, id: string, marker: string) => {
    if (viewer.get('elementRegistry').get(id)) viewer.get('canvas').addMarker(id, marker);
  };
  const changes: Change[] = [];
  const nameOf = (viewer: Any, id: string) => viewer.get('elementRegistry').get(id)?.businessObject?.name ?? '';
  for (const [id, el] of Object.entries(result._added)) {
    mark(newer, id, 'diff-added');
    changes.push({ id, kind: 'added', type: el.$type, name: nameOf(newer, id), properties: [] });
  }
  for (const [id, el] of Object.entries(result._removed)) {
    mark(older, id, 'diff-removed');
    changes.push({ id, kind: 'removed', type: el.$type, name: nameOf(older, id), properties: [] });
  }
  for (const [id, c] of Object.entries(result._changed)) {
    mark(older, id, 'diff-changed');
    mark(newer, id, 'diff-changed');
    changes.push({
      id, kind: 'changed', type: c.model.$type, name: c.model.name ?? nameOf(newer, id),
      // bpmn-js-differ 3.2 reports a changed value's `oldValue` and `newValue` the wrong way round
      // (jsondiffpatch's [old, new] passed as (newValue, oldValue)): read them swapped.
      properties: Object.entries(c.attrs).map(([name, v]) => ({ name, oldValue: text(v.newValue), newValue: text(v.oldValue) })),
    });
  }
  // Only shapes and flows of the process (not the DI records) are listed.
  const listed = changes.filter((c) => !c.type.startsWith('bpmndi:') && !c.type.startsWith('dc:'));
  return {
    changes: listed,
    destroy() {
      older.destroy();
      newer.destroy();
    },
  };
}
