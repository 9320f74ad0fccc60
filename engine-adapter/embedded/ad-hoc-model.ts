/**
 * Ad-hoc sub-processes in the model: reading `bpmn:adHocSubProcess` with `zeebe:adHoc`, and the deploy-time
 * checks of Zeebe 8.8 (same messages). With `zeebe:taskDefinition` the sub-process is implemented by a
 * job worker (`ad-hoc-jobs.ts`): its job type is then required.
 */
import { BpmnValidationError, MissingJobTypeError } from '../errors.ts';
import { checkSyntax, toExpr } from './feel.ts';
import type { AdHocDef, ElementModel, ProcessModel } from './model.ts';

/** A bpmn-moddle element (untyped). */
type Moddle = any;

function ext(el: Moddle, type: string): Moddle | undefined {
  return (el.extensionElements?.values ?? []).find((v: Moddle) => v.$type === type);
}

/** The ad-hoc definition of a `bpmn:adHocSubProcess` (its activities are filled by {@link checkAdHoc}). */
export function adHocOf(el: Moddle): AdHocDef {
  const td = ext(el, 'zeebe:TaskDefinition');
  const job = td ? { type: toExpr(td.type) ?? { feel: false, src: '' }, retries: toExpr(td.retries) ?? { feel: false, src: '3' } } : undefined;
  const z = ext(el, 'zeebe:AdHoc') ?? {};
  const metadata: AdHocDef['metadata'] = {};
  for (const fe of (el.flowElements ?? []) as Moddle[]) {
    if (fe.$type === 'bpmn:SequenceFlow') continue;
    const props = ext(fe, 'zeebe:Properties')?.properties as Moddle[] | undefined;
    metadata[fe.id] = {
      elementId: fe.id, elementName: fe.name ?? null, documentation: fe.documentation?.[0]?.text ?? null,
      properties: props?.length ? Object.fromEntries(props.map((p) => [p.name, p.value ? p.value : null])) : null, parameters: null,
    };
  }
  return {
    metadata,
    activeElementsCollection: toExpr(z.activeElementsCollection), completionCondition: toExpr(el.completionCondition?.body, true),
    cancelRemainingInstances: el.cancelRemainingInstances !== false, outputCollection: z.outputCollection || undefined, outputElement: toExpr(z.outputElement),
    ...(job ? { job } : {}),
  } as AdHocDef;
}

function invalid(el: ElementModel, message: string, attribute?: string): BpmnValidationError {
  return new BpmnValidationError(`Element '${el.id}' (${el.type}): ${message}`, { elementId: el.id, elementType: el.type, attribute });
}

const EVENT_KINDS = new Set(['boundaryEvent', 'startEvent', 'eventSubProcess']);

/** Zeebe's checks of each ad-hoc sub-process; also lists the inner elements it can activate. */
export function checkAdHoc(model: ProcessModel): void {
  for (const el of model.elements.values()) {
    if (el.kind !== 'adHocSubProcess' || !el.adHoc) continue;
    const inner = [...model.elements.values()].filter((c) => c.scopeId === el.id);
    if (!inner.some((c) => !c.kind.endsWith('Event') && !c.kind.endsWith('Gateway') && c.kind !== 'compensationThrow')) throw invalid(el, 'Must have at least one activity.', 'flowElements');
    if (inner.some((c) => c.type === 'bpmn:StartEvent')) throw invalid(el, 'Must not contain a start event.', 'flowElements');
    if (inner.some((c) => c.type === 'bpmn:EndEvent')) throw invalid(el, 'Must not contain an end event.', 'flowElements');
    const a = el.adHoc;
    if (a.activeElementsCollection && !a.activeElementsCollection.feel) throw invalid(el, 'activeElementsCollection must be an expression (start with =)', 'zeebe:adHoc.activeElementsCollection');
    if (!a.outputCollection !== !a.outputElement) throw invalid(el, 'outputCollection and outputElement must be set together', 'zeebe:adHoc.outputCollection');
    const ctx = (attribute: string) => ({ elementId: el.id, elementType: el.type, attribute });
    checkSyntax(a.activeElementsCollection, ctx('zeebe:adHoc.activeElementsCollection'));
    checkSyntax(a.completionCondition, ctx('bpmn:completionCondition'));
    checkSyntax(a.outputElement, ctx('zeebe:adHoc.outputElement'));
    if (a.job && !a.job.type.src) throw new MissingJobTypeError(el.id, el.type);
    if (a.job) checkSyntax(a.job.type, ctx('zeebe:taskDefinition.type'));
    if (a.job) checkSyntax(a.job.retries, ctx('zeebe:taskDefinition.retries'));
    a.activities = inner.filter((c) => c.incoming.length === 0 && !c.forCompensation && !EVENT_KINDS.has(c.kind)).map((c) => c.id);
  }
}
