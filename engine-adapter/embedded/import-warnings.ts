/**
 * Which warnings of a moddle XML import make a BPMN or DMN resource unusable: content it could not read,
 * an unknown element, a reference to nothing. A diagram reference to nothing (BPMNDI / DMNDI: a plane or
 * shape naming an id that is not there, as left by renaming a process) only affects the drawing: Zeebe
 * deploys such a file and bpmn-js opens it, so the engine does too.
 */
export interface ImportWarning {
  message: string;
  /** The property holding the reference, e.g. `bpmndi:bpmnElement`. */
  property?: string;
}

const FATAL = /unparsable content|unknown type|unresolved reference/;
const DIAGRAM_PROPERTY = /^(bpmndi|dmndi|di|dc):/;

/** The first warning that rejects the resource, if any. */
export function fatalWarning<W extends ImportWarning>(warnings: W[]): W | undefined {
  return warnings.find((w) => FATAL.test(w.message) && !(w.message.includes('unresolved reference') && DIAGRAM_PROPERTY.test(w.property ?? '')));
}
