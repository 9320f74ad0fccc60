/** Maps errors of the Zeebe gateway (gRPC status codes) to the engine's typed errors. */
import { EngineError, InvalidArgumentError, InvalidStateError, NotFoundError, type EngineErrorContext } from '../errors.ts';
import { EngineRequestError, EngineTimeoutError, EngineUnauthorizedError } from './errors.ts';
import type { RetryClassifier } from './retry.ts';

/** gRPC status codes used here (see grpc/doc/statuscodes.md). */
export const GrpcStatus = {
  CANCELLED: 1, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, UNAVAILABLE: 14, UNAUTHENTICATED: 16,
} as const;

const STATUS_NAMES: Record<number, string> = Object.fromEntries(Object.entries(GrpcStatus).map(([k, v]) => [v, k]));

/** What a gRPC call is about, so that a NOT_FOUND names it. */
export interface GrpcSubject {
  /** E.g. `Job`, `Process instance`, `Process`. */
  what: string;
  key: string;
  context?: EngineErrorContext;
}

/** A gRPC error as thrown by @grpc/grpc-js (through the SDK). */
interface GrpcLikeError {
  code: number;
  details?: string;
  message?: string;
}

/** True for an error carrying a numeric gRPC status code. */
export function isGrpcError(error: unknown): error is GrpcLikeError {
  return typeof error === 'object' && error !== null && typeof (error as GrpcLikeError).code === 'number';
}

/** The gateway's explanation, without the SDK's appended forum links. */
export function grpcDetails(error: GrpcLikeError): string {
  const details = error.details || error.message || 'no details';
  return details.split('. The process may have been cancelled')[0]!;
}

/** Name of a gRPC status code, e.g. `UNAVAILABLE`. */
export function grpcStatusName(code: number): string {
  return STATUS_NAMES[code] ?? `code ${code}`;
}

/** Retry classification of gateway calls: UNAVAILABLE (not a missing partition leader) and RESOURCE_EXHAUSTED (backpressure). */
export function grpcClassifier(target: string): RetryClassifier {
  return {
    target,
    isTransient: (e) => isGrpcError(e) && (e.code === GrpcStatus.RESOURCE_EXHAUSTED || e.code === GrpcStatus.UNAVAILABLE),
    describe: (e) => (isGrpcError(e) ? `${e.code} ${grpcStatusName(e.code)}: ${grpcDetails(e)}` : String(e)),
  };
}

/** Turns a gateway error into an engine error; engine errors pass through unchanged. */
export function mapGrpcError(operation: string, error: unknown, subject?: GrpcSubject): Error {
  if (error instanceof EngineError || !isGrpcError(error)) return error instanceof Error ? error : new Error(String(error));
  const details = grpcDetails(error);
  const context = { ...subject?.context, ...(subject ? { key: subject.key } : {}) };
  switch (error.code) {
    case GrpcStatus.NOT_FOUND:
      if (subject) return Object.assign(new NotFoundError(subject.what, subject.key, subject.context), { detail: details });
      return new EngineRequestError(operation, 'NOT_FOUND', details, context, { cause: error });
    case GrpcStatus.INVALID_ARGUMENT:
      return new InvalidArgumentError(`${operation} rejected by the cluster as invalid: ${details}`, context);
    case GrpcStatus.FAILED_PRECONDITION:
    case GrpcStatus.ALREADY_EXISTS:
      return new InvalidStateError(`${operation} rejected by the cluster: ${details}`, context);
    case GrpcStatus.UNAUTHENTICATED:
    case GrpcStatus.PERMISSION_DENIED:
      return new EngineUnauthorizedError(operation, details, { cause: error });
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new EngineTimeoutError(operation, details, context);
    default:
      return new EngineRequestError(operation, grpcStatusName(error.code), details, context, { cause: error });
  }
}
