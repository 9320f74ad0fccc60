/** Joining parallel and inclusive gateways. */
import { hooks, type Execution } from './executor.ts';
import type { ElementModel } from './model.ts';

function consume(x: Execution, key: string, flows: string[]): void {
  const list = x.doc.joins[key]!;
  for (const f of flows) list.splice(list.indexOf(f), 1);
  if (list.length === 0) delete x.doc.joins[key];
}

/** Fires a joining gateway when its condition holds; called after each arrival and departure in the scope. */
hooks.tryJoin = (x: Execution, gw: ElementModel, scopeKey: string): void => {
  const key = `${scopeKey}/${gw.id}`;
  const arrived = x.doc.joins[key];
  if (!arrived || !x.doc.elements[scopeKey]) return;
  const all = gw.incoming.every((f) => arrived.includes(f));
  if (gw.kind === 'parallelGateway') {
    if (!all) return;
    consume(x, key, gw.incoming);
    x.activate(gw.id, scopeKey);
    return;
  }
  const distinct = [...new Set(arrived)];
  const pending = !all && x.children(scopeKey).some((e) => gw.reachableFrom!.has(e.elementId));
  if (pending) return;
  consume(x, key, distinct);
  x.activate(gw.id, scopeKey);
};
