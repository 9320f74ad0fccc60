/**
 * Deadline (SLA) rules of dossiers and process steps: due date on acceptance, supplement and
 * extension rules of Decree 118/2025, pause intervals, Decision 766 timeliness, and statuses.
 * Pure: no I/O, no clock (time is always a parameter).
 */
export * from './classify.ts';
export * from './clock.ts';
export * from './decision766.ts';
export * from './errors.ts';
export * from './extension.ts';
export * from './judged-due.ts';
export * from './policy.ts';
export * from './same-day.ts';
export * from './steps.ts';
export * from './supplement.ts';
