/**
 * Typed engine errors. Every class has a stable `code` string (for the HTTP layer's 400/404/409
 * mapping) and the context fields that locate the problem.
 */

/** Context carried by engine errors; every field is optional. */
export interface EngineErrorContext {
  /** BPMN element id the error is about. */
  elementId?: string;
  /** BPMN element type, e.g. `bpmn:ServiceTask`. */
  elementType?: string;
  /** Attribute or extension property at fault, e.g. `zeebe:taskDefinition.type`. */
  attribute?: string;
  /** 1-based line in the XML resource. */
  line?: number;
  /** 1-based column in the XML resource. */
  column?: number;
  /** Process instance concerned. */
  processInstanceKey?: string;
  /** Any other key (job, user task, incident, definition) the error is about. */
  key?: string;
  /** The BPMN process id concerned. */
  bpmnProcessId?: string;
  /** A user-task command denied by a task listener: the listener's reason (may be empty). */
  deniedReason?: string;
}

/** Base class of all engine errors. */
export class EngineError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** Where the problem is. */
  readonly context: EngineErrorContext;

  constructor(code: string, message: string, context: EngineErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.context = context;
  }

  get elementId(): string | undefined { return this.context.elementId; }
  get elementType(): string | undefined { return this.context.elementType; }
  get attribute(): string | undefined { return this.context.attribute; }
  get line(): number | undefined { return this.context.line; }
  get column(): number | undefined { return this.context.column; }
}

/** The XML could not be parsed (code `BPMN_PARSE_ERROR`); carries line and column when known. */
export class BpmnParseError extends EngineError {
  constructor(message: string, context: EngineErrorContext = {}, options?: { cause?: unknown }) {
    super('BPMN_PARSE_ERROR', message, context, options);
  }
}

/** The model uses an element or event definition the engine does not execute (code `BPMN_UNSUPPORTED_ELEMENT`). */
export class UnsupportedElementError extends EngineError {
  constructor(elementId: string, elementType: string, detail?: string) {
    super('BPMN_UNSUPPORTED_ELEMENT', `Unsupported element ${elementType} '${elementId}'${detail ? `: ${detail}` : ''}`, { elementId, elementType });
  }
}

/** The model is well-formed but invalid, e.g. a missing attribute (code `BPMN_INVALID`). */
export class BpmnValidationError extends EngineError {
  constructor(message: string, context: EngineErrorContext, code = 'BPMN_INVALID') {
    super(code, message, context);
  }
}

/** A service-like task without `zeebe:taskDefinition type` (code `BPMN_MISSING_JOB_TYPE`). */
export class MissingJobTypeError extends BpmnValidationError {
  constructor(elementId: string, elementType: string) {
    super(`Element '${elementId}' (${elementType}) has no job type (zeebe:taskDefinition type)`, { elementId, elementType, attribute: 'zeebe:taskDefinition.type' }, 'BPMN_MISSING_JOB_TYPE');
  }
}

/** A FEEL expression does not parse (code `FEEL_SYNTAX_ERROR`). */
export class FeelSyntaxError extends EngineError {
  /** The expression text, without the leading `=`. */
  readonly expression: string;

  constructor(expression: string, detail: string, context: EngineErrorContext) {
    super('FEEL_SYNTAX_ERROR', `FEEL syntax error in ${context.attribute ?? 'expression'} of '${context.elementId ?? '?'}': ${detail}`, context);
    this.expression = expression;
  }
}

/** Variables must be a JSON object (code `INVALID_VARIABLES`). */
export class InvalidVariablesError extends EngineError {
  constructor(detail: string, context: EngineErrorContext = {}) {
    super('INVALID_VARIABLES', `Variables must be a JSON object: ${detail}`, context);
  }
}

/** An argument is invalid, e.g. a negative time to live (code `INVALID_ARGUMENT`). */
export class InvalidArgumentError extends EngineError {
  constructor(message: string, context: EngineErrorContext = {}) {
    super('INVALID_ARGUMENT', message, context);
  }
}

/** The process, instance, job, user task or incident does not exist (any more) (code `NOT_FOUND`). */
export class NotFoundError extends EngineError {
  constructor(what: string, key: string, context: EngineErrorContext = {}) {
    super('NOT_FOUND', `${what} '${key}' not found`, { ...context, key });
  }
}

/** The command does not fit the current state, e.g. completing a canceled user task (code `INVALID_STATE`). */
export class InvalidStateError extends EngineError {
  constructor(message: string, context: EngineErrorContext = {}) {
    super('INVALID_STATE', message, context);
  }
}
