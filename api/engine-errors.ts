/**
 * The one table from engine error codes to HTTP, used by both faces of the API (`/api` through
 * `plugins/errors.ts`, `/v2` through `routes/v2/error-handler.ts`), so the same failure answers the
 * same status everywhere (issue 17 item 3):
 * - a model (any `BPMN_…`, `DMN_…`, `FEEL_…` code) or an argument at fault → 400; an unknown key → 404; a command in the wrong state → 409;
 * - the engine out of reach → 503 with `Retry-After` (504 when it did not answer in time), never a 400
 *   that would look like the user's mistake; a misconfigured or refusing engine → 502/500;
 * - a code this table does not know → 500, logged: a new failure is never silently the caller's fault.
 * An outage is logged once when it starts, then once a minute with the count of failed requests.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { EngineError } from '../engine-adapter/errors.ts';

export type EngineFailure = 'input' | 'not_found' | 'conflict' | 'unavailable' | 'engine' | 'unknown';

export interface EngineHttp {
  status: number;
  kind: EngineFailure;
  /** Seconds, for `Retry-After`. */
  retryAfter?: number;
}

/** Seconds a client waits before retrying while the engine is out of reach. */
export const ENGINE_RETRY_AFTER_S = 5;

const input: EngineHttp = { status: 400, kind: 'input' };
const unavailable: EngineHttp = { status: 503, kind: 'unavailable', retryAfter: ENGINE_RETRY_AFTER_S };

export const ENGINE_HTTP: Readonly<Record<string, EngineHttp>> = {
  BPMN_PARSE_ERROR: input, BPMN_UNSUPPORTED_ELEMENT: input, BPMN_INVALID: input, BPMN_MISSING_JOB_TYPE: input,
  FEEL_SYNTAX_ERROR: input, INVALID_VARIABLES: input, INVALID_ARGUMENT: input, DEPLOYMENT_REJECTED: input,
  NOT_FOUND: { status: 404, kind: 'not_found' },
  INVALID_STATE: { status: 409, kind: 'conflict' },
  ENGINE_UNAVAILABLE: unavailable,
  ENGINE_TIMEOUT: { status: 504, kind: 'unavailable', retryAfter: ENGINE_RETRY_AFTER_S },
  ENGINE_UNAUTHORIZED: { status: 502, kind: 'engine' },
  ENGINE_REQUEST_FAILED: { status: 502, kind: 'engine' },
  ENGINE_CONFIG_INVALID: { status: 500, kind: 'engine' },
};

/** How an engine error answers over HTTP. */
export function engineHttp(error: Pick<EngineError, 'code'>): EngineHttp {
  // A model's own problem is the deployer's input, whatever its detail (BPMN_…, DMN_…, FEEL_…).
  return ENGINE_HTTP[error.code] ?? (/^(BPMN|DMN|FEEL)_/.test(error.code) ? input : { status: 500, kind: 'unknown' });
}

const OUTAGE_LOG_EVERY_MS = 60_000;

/** Logs an engine outage once when it starts, then at most once a minute with the count since. */
export class OutageLog {
  #since = 0;
  #lastLogged = -Infinity;
  #suppressed = 0;

  constructor(private readonly now: () => number = Date.now) {}

  report(log: FastifyBaseLogger, error: EngineError): void {
    const t = this.now();
    if (t - this.#lastLogged < OUTAGE_LOG_EVERY_MS) {
      this.#suppressed++;
      return;
    }
    if (!this.#since || t - this.#lastLogged > 2 * OUTAGE_LOG_EVERY_MS) this.#since = t;
    log.error({ code: error.code, since: new Date(this.#since).toISOString(), failedSinceLastReport: this.#suppressed }, `workflow engine unavailable: ${error.message.split('\n')[0]}`);
    this.#lastLogged = t;
    this.#suppressed = 0;
  }
}

/** The process's outage log, shared by `/api` and `/v2`. */
export const engineOutages = new OutageLog();
