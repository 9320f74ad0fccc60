/**
 * Parses Zeebe-dialect BPMN XML into {@link ProcessModel}s. Rejects anything the executor cannot run,
 * naming the element: nothing is silently skipped.
 */
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { BpmnParseError, UnsupportedElementError } from '../errors.ts';
import type { ProcessModel } from './model.ts';
import { buildElement, IGNORED_TYPES, type Moddle } from './parse-element.ts';
import { validateModel } from './validate.ts';
import { fatalWarning, type ImportWarning } from './import-warnings.ts';

const zeebeSchema = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');
const moddle = new BpmnModdle({ zeebe: zeebeSchema });

function lineColumn(message: string): { line?: number; column?: number } {
  const line = /line: (\d+)/.exec(message)?.[1];
  const column = /column: (\d+)/.exec(message)?.[1];
  return { line: line === undefined ? undefined : Math.max(1, Number(line)), column: column === undefined ? undefined : Number(column) };
}

async function readXml(xml: string, resourceName: string): Promise<Moddle> {
  let parsed: { rootElement: Moddle; warnings: ImportWarning[] };
  try {
    parsed = (await moddle.fromXML(xml, 'bpmn:Definitions')) as never;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new BpmnParseError(`${resourceName}: ${message.split('\n')[0]}`, lineColumn(message), { cause: err });
  }
  const fatal = fatalWarning(parsed.warnings);
  if (fatal) {
    const type = /unknown type <([^>]+)>/.exec(fatal.message)?.[1];
    if (type) throw new UnsupportedElementError(/id="([^"]+)"/.exec(fatal.message)?.[1] ?? '?', type, fatal.message.split('\n')[0]);
    throw new BpmnParseError(`${resourceName}: ${fatal.message.split('\n')[0]}`, lineColumn(fatal.message));
  }
  return parsed.rootElement;
}

function walk(container: Moddle, model: ProcessModel, scopeId: string): void {
  for (const fe of (container.flowElements ?? []) as Moddle[]) {
    if (fe.$type === 'bpmn:SequenceFlow') {
      model.flows.set(fe.id, { id: fe.id, sourceId: fe.sourceRef?.id, targetId: fe.targetRef?.id, condition: undefined });
      const body = fe.conditionExpression?.body;
      if (typeof body === 'string' && body.trim()) model.flows.get(fe.id)!.condition = { feel: true, src: body.trim().replace(/^=/, '').trim() };
      continue;
    }
    if (IGNORED_TYPES.has(fe.$type)) continue;
    const el = buildElement(fe, scopeId);
    model.elements.set(el.id, el);
    if (fe.$type === 'bpmn:SubProcess' || fe.$type === 'bpmn:AdHocSubProcess') walk(fe, model, el.id);
  }
}

function linkFlows(model: ProcessModel): void {
  for (const el of model.elements.values()) {
    el.incoming = [];
    el.outgoing = [];
  }
  for (const flow of model.flows.values()) {
    model.elements.get(flow.sourceId)?.outgoing.push(flow.id);
    model.elements.get(flow.targetId)?.incoming.push(flow.id);
  }
  for (const el of model.elements.values()) {
    if (el.attachedTo) model.elements.get(el.attachedTo)?.boundaries.push(el.id);
    const scope = el.scopeId ? model.elements.get(el.scopeId) : undefined;
    if (!scope) continue;
    if (el.kind === 'eventSubProcess') scope.eventSubProcesses.push(el.id);
    if (el.kind === 'startEvent') {
      if (scope.kind === 'eventSubProcess') scope.startEvent = el.id;
      else if (el.event?.kind === 'none') scope.startEvent = el.id;
      else if (scope.kind === 'process' && el.event?.kind === 'message') model.messageStarts.push(el.id);
      else if (scope.kind === 'process' && el.event?.kind === 'timer') model.timerStarts.push(el.id);
    }
  }
}

function computeInclusiveReach(model: ProcessModel): void {
  for (const gw of model.elements.values()) {
    if (gw.kind !== 'inclusiveGateway' || gw.incoming.length < 2) continue;
    const seen = new Set<string>();
    const queue = [gw.id];
    while (queue.length) {
      const current = model.elements.get(queue.pop()!)!;
      const sources = current.incoming.map((f) => model.flows.get(f)!.sourceId);
      if (current.attachedTo) sources.push(current.attachedTo);
      for (const s of sources) {
        if (s === gw.id || seen.has(s)) continue;
        seen.add(s);
        queue.push(s);
      }
    }
    gw.reachableFrom = seen;
  }
}

function buildProcess(proc: Moddle): ProcessModel {
  const model: ProcessModel = { bpmnProcessId: proc.id, name: proc.name ?? null, elements: new Map(), flows: new Map(), messageStarts: [], timerStarts: [] };
  const root = buildElement(proc, undefined);
  model.elements.set(proc.id, root);
  walk(proc, model, proc.id);
  linkFlows(model);
  computeInclusiveReach(model);
  validateModel(model);
  return model;
}

/** Parses one resource into its executable processes; throws a typed engine error on any problem. */
export async function parseBpmn(xml: string, resourceName = 'resource.bpmn'): Promise<ProcessModel[]> {
  const definitions = await readXml(xml, resourceName);
  const processes = ((definitions.rootElements ?? []) as Moddle[]).filter((r) => r.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable !== false);
  if (executable.length === 0) throw new BpmnParseError(`${resourceName}: no executable bpmn:process`);
  return executable.map(buildProcess);
}
