/**
 * Ad-hoc sub-processes as Zeebe 8.8 runs them (BPMN implementation). On entering, `activeElementsCollection`
 * is evaluated and the inner elements it names are activated (none: the sub-process stays active). Each time
 * a path inside completes (an element without outgoing flows), `outputElement` is added to `outputCollection`
 * and `completionCondition` is evaluated: true completes the sub-process, terminating what is still active
 * unless `cancelRemainingInstances="false"` (then it completes once nothing is active); false keeps it
 * active. Without a condition it completes when nothing inside is active. Its local variable
 * `adHocSubProcessElements` lists the activatable elements (id, name, documentation, zeebe:properties).
 */
import { openEventSubProcesses } from './behaviors.ts';
import { behaviors, hooks, type Execution } from './executor.ts';
import { evalCondition, evalExpr, ExpressionError } from './feel.ts';
import type { ElementModel } from './model.ts';
import type { ElementInstanceState } from './state.ts';
import { setLocal, setPropagating } from './variables.ts';

/** An expression failure Zeebe reports as `EXTRACT_VALUE_ERROR`. */
const failure = (message: string) => new ExpressionError(message, 'EXTRACT_VALUE_ERROR');

/** The ad-hoc sub-process's instance with the last result of its completion condition. */
type AdHocInstance = ElementInstanceState & { adHocFulfilled?: boolean };

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return 'ARRAY';
  return typeof v === 'object' ? 'OBJECT' : (typeof v).toUpperCase();
}

function elementsToActivate(x: Execution, ei: ElementInstanceState, el: ElementModel): string[] {
  const a = el.adHoc!;
  if (!a.activeElementsCollection) return [];
  let value: unknown;
  try {
    value = evalExpr(a.activeElementsCollection, x.vars(ei.key));
  } catch (err) {
    throw failure(`Failed to activate ad-hoc elements. ${(err as Error).message}`);
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    const what = Array.isArray(value) ? `a list containing '${typeName(value.find((v) => typeof v !== 'string'))}'` : `'${typeName(value)}'`;
    throw failure(`Failed to activate ad-hoc elements. Expected result of the expression '${a.activeElementsCollection.src}' to be 'ARRAY' of 'STRING', but was ${what}.`);
  }
  const missing = (value as string[]).filter((id) => !a.activities.includes(id));
  if (missing.length) throw failure(`Failed to activate ad-hoc elements. No BPMN elements found with ids: ${missing.map((id) => `'${id}'`).join(', ')}.`);
  return value as string[];
}

behaviors.adHocSubProcess = (x, ei, el) => {
  const { outputCollection, activities, metadata } = el.adHoc!;
  setLocal(x.doc, ei.key, { adHocSubProcessElements: activities.map((id) => metadata[id]) });
  if (outputCollection) setLocal(x.doc, ei.key, { [outputCollection]: [] });
  const ids = elementsToActivate(x, ei, el);
  openEventSubProcesses(x, ei, el);
  for (const id of ids) x.activate(id, ei.key);
};

/** The ad-hoc sub-process instance a completing element ends a path of, if any. */
function adHocScope(x: Execution, ei: ElementInstanceState, el: ElementModel): AdHocInstance | undefined {
  if (el.outgoing.length || ei.mi?.role === 'inner' || !ei.parentKey) return undefined;
  const scope = x.doc.elements[ei.parentKey];
  return scope && x.el(scope).kind === 'adHocSubProcess' ? scope : undefined;
}

const previousBeforeLeave = hooks.beforeLeave;
hooks.beforeLeave = (x, ei, el) => {
  previousBeforeLeave(x, ei, el);
  const oc = el.adHoc?.outputCollection;
  if (oc) setPropagating(x.doc, ei.parentKey!, { [oc]: x.doc.vars[ei.key]?.[oc] ?? [] });
  const scope = adHocScope(x, ei, el);
  if (!scope) return;
  const a = x.el(scope).adHoc!;
  if (a.outputCollection && a.outputElement) {
    const list = [...((x.doc.vars[scope.key]?.[a.outputCollection] as unknown[]) ?? [])];
    list.push(evalExpr(a.outputElement, x.vars(ei.key)));
    setLocal(x.doc, scope.key, { [a.outputCollection]: list });
  }
  if (!a.completionCondition) return;
  try {
    scope.adHocFulfilled = evalCondition(a.completionCondition, x.vars(scope.key));
  } catch (err) {
    throw failure(`Failed to evaluate completion condition. ${(err as Error).message}`);
  }
};

const previousCompleted = hooks.completed;
hooks.completed = (x, ei, el) => {
  previousCompleted(x, ei, el);
  const scope = adHocScope(x, ei, el);
  // (A job worker's sub-process is fulfilled by its job's result: ad-hoc-jobs.ts.)
  if (scope?.adHocFulfilled && !x.el(scope).adHoc!.job && x.el(scope).adHoc!.cancelRemainingInstances) x.terminateChildren(scope.key);
};

const previousHold = hooks.holdScope;
hooks.holdScope = (x, scope) => {
  if (previousHold(x, scope)) return true;
  const el = x.el(scope);
  return el.kind === 'adHocSubProcess' && !!el.adHoc!.completionCondition && !(scope as AdHocInstance).adHocFulfilled;
};
