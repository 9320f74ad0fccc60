/** Parallel and sequential multi-instance activities. */
import { evalCondition, evalExpr, ExpressionError } from './feel.ts';
import { hooks, type Execution } from './executor.ts';
import type { ElementModel } from './model.ts';
import type { ElementInstanceState } from './state.ts';
import { setLocal } from './variables.ts';

function spawnInner(x: Execution, body: ElementInstanceState, el: ElementModel, index: number): void {
  const inner = x.activate(el.id, body.key, { mi: { role: 'inner', loopCounter: index + 1 } });
  const local: Record<string, unknown> = { loopCounter: index + 1 };
  if (el.mi!.inputElement) local[el.mi!.inputElement] = body.mi!.items![index] ?? null;
  setLocal(x.doc, inner.key, local);
  body.mi!.next = index + 1;
}

hooks.startMultiInstance = (x, body, el) => {
  const items = evalExpr(el.mi!.inputCollection, x.vars(body.key));
  if (!Array.isArray(items)) throw new ExpressionError(`Expected result of the expression '${el.mi!.inputCollection.src}' to be 'ARRAY', but was '${items === null ? 'NULL' : typeof items}'.`);
  body.mi = { role: 'body', items, next: 0, completed: 0 };
  if (el.mi!.outputCollection) setLocal(x.doc, body.key, { [el.mi!.outputCollection]: items.map(() => null) });
  if (el.boundaries.length) hooks.openBoundaries(x, body, el);
  if (items.length === 0) return x.complete(body);
  const count = el.mi!.sequential ? 1 : items.length;
  for (let i = 0; i < count; i++) spawnInner(x, body, el, i);
};

hooks.innerCompleted = (x, inner, el) => {
  const body = x.doc.elements[inner.parentKey!];
  if (!body?.mi) return;
  body.mi.completed = (body.mi.completed ?? 0) + 1;
  const cc = el.mi!.completionCondition;
  let done = body.mi.completed >= body.mi.items!.length;
  if (!done && cc) {
    x.guarded(body, 'complete', () => {
      done = evalCondition(cc, { ...x.vars(body.key), numberOfInstances: body.mi!.items!.length, numberOfCompletedInstances: body.mi!.completed });
    });
    if (body.incident) return;
  }
  if (done) {
    x.terminateChildren(body.key);
    x.complete(body);
  } else if (el.mi!.sequential) {
    spawnInner(x, body, el, body.mi.next!);
  }
};
