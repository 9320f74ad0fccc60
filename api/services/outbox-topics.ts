/**
 * Which outbox topics have a consumer. Every dossier event is written to the outbox (the record of
 * what happened, in the transaction of the change), but only some are consumed: the engine bridge's
 * (`services/engine-bridge.ts`) and the workers' (`workers/outbox-handlers.ts`). The others are
 * written already processed, so they are never pending: no consumer leases them, and they do not
 * pile up for the lease query to walk (issue 18: 166,632 such events at 1M dossiers). A consumer
 * added for one of them takes it out of this list (`test/workers/outbox-topics.test.ts` checks that
 * each dossier event is either consumed or listed here, never both).
 */
export const UNCONSUMED_TOPICS: ReadonlySet<string> = new Set([
  'dossier.processing_started',
  'dossier.fee_required',
  'dossier.payment_recorded',
  'dossier.extended',
  'dossier.withdrawal_requested',
  'dossier.withdrawal_cancelled',
  'dossier.result_corrected',
]);

/** Whether events of `topic` are written processed (nobody consumes them). */
export const isUnconsumed = (topic: string): boolean => UNCONSUMED_TOPICS.has(topic);
