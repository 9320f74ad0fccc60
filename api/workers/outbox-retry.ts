/**
 * What an outbox handler may answer besides success:
 * - throw `NotYet`: the work cannot be done yet (no process instance, no open task): the event stays
 *   pending and is retried with backoff; after the consumer's `maxAttempts` it is dead-lettered,
 *   logged and audited, never dropped silently;
 * - return `skipped(reason)`: nothing is to be done, for good (the dossier was stopped before its
 *   process started): the event is handled, its `outcome` records why, with an audit row.
 * - return `marked`: its own last statement recorded the event handled, with its work (`handledMark` of
 *   `outbox-outcome.ts`): the consumer writes no mark of its own, one statement fewer an event.
 * A consumer may also name transient errors (the engine unreachable): those are retried at the capped
 * backoff for as long as they last, never dead-lettered, since the event itself is not at fault.
 */

/** "Not yet": retry later, with backoff. */
export class NotYet extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotYet';
  }
}

/** A handler's answer that it did nothing, for good, and why. */
export interface Skipped {
  skipped: string;
}

export const skipped = (reason: string): Skipped => ({ skipped: reason });

export const isSkipped = (v: unknown): v is Skipped => typeof v === 'object' && v !== null && typeof (v as Skipped).skipped === 'string';

/** A handler's answer that its last statement marked the event handled itself (`handledMark`). */
export interface Marked {
  marked: true;
}

export const marked: Marked = { marked: true };

export const isMarked = (v: unknown): v is Marked => typeof v === 'object' && v !== null && (v as Marked).marked === true;
