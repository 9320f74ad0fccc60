/**
 * Errors particular to the Zeebe adapter, extending the engine's typed errors with stable codes.
 * Gateway and REST failures that mean "not found", "invalid" or "wrong state" are mapped to the shared
 * classes of `../errors.ts` instead (see `grpc-errors.ts` and `rest-client.ts`).
 */
import { BpmnValidationError, EngineError, type EngineErrorContext } from '../errors.ts';
import type { ConfigFieldError } from './config.ts';

/** The cluster could not be reached, or kept failing transiently after the bounded retries (code `ENGINE_UNAVAILABLE`). */
export class EngineUnavailableError extends EngineError {
  /** Attempts made, the first included. */
  readonly attempts: number;

  constructor(message: string, attempts: number, options?: { cause?: unknown }) {
    super('ENGINE_UNAVAILABLE', message, {}, options);
    this.attempts = attempts;
  }
}

/**
 * A request got no answer within its deadline (code `ENGINE_TIMEOUT`): ours (a number of ms) or the
 * gateway's own (`DEADLINE_EXCEEDED`, with its detail).
 */
export class EngineTimeoutError extends EngineError {
  constructor(operation: string, deadline: number | string, context: EngineErrorContext = {}) {
    const why = typeof deadline === 'number' ? `no answer from the cluster within ${deadline} ms` : `the cluster timed out: ${deadline}`;
    super('ENGINE_TIMEOUT', `${operation}: ${why}`, context);
  }
}

/** The cluster refused the credentials or the permission (code `ENGINE_UNAUTHORIZED`). */
export class EngineUnauthorizedError extends EngineError {
  constructor(operation: string, detail: string, options?: { cause?: unknown }) {
    super('ENGINE_UNAUTHORIZED', `${operation}: the cluster refused the credentials: ${detail}`, {}, options);
  }
}

/** Any other failure reported by the cluster (code `ENGINE_REQUEST_FAILED`); carries the gRPC or HTTP status. */
export class EngineRequestError extends EngineError {
  /** gRPC status name (e.g. `INTERNAL`) or HTTP status (e.g. `HTTP 500`). */
  readonly status: string;

  constructor(operation: string, status: string, detail: string, context: EngineErrorContext = {}, options?: { cause?: unknown }) {
    super('ENGINE_REQUEST_FAILED', `${operation} failed (${status}): ${detail}`, context, options);
    this.status = status;
  }
}

/**
 * The cluster rejected a deployment (code `DEPLOYMENT_REJECTED`); the message is the cluster's reason.
 * A {@link BpmnValidationError}, so the HTTP layer answers 400.
 */
export class DeploymentRejectedError extends BpmnValidationError {
  /** The cluster's reason, verbatim. */
  readonly reason: string;
  /** Names of the resources sent. */
  readonly resources: string[];

  constructor(reason: string, resources: string[]) {
    super(`The cluster rejected the deployment of ${resources.join(', ')}: ${reason}`, {}, 'DEPLOYMENT_REJECTED');
    this.reason = reason;
    this.resources = resources;
  }
}

/** The adapter configuration is invalid (code `ENGINE_CONFIG_INVALID`); lists every field at fault. */
export class ZeebeConfigError extends EngineError {
  readonly fields: ConfigFieldError[];

  constructor(fields: ConfigFieldError[]) {
    super('ENGINE_CONFIG_INVALID', `Invalid Zeebe configuration: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`);
    this.fields = fields;
  }
}
