/**
 * The dossier domain: statuses, the lifecycle state machine, dossier codes, validation and
 * masking of personal data. Pure: no I/O, no clock.
 */
export * from './statuses.ts';
export * from './state.ts';
export * from './inputs.ts';
export * from './errors.ts';
export * from './transitions.ts';
export { applyTransition, type DossierEvent, type TransitionResult } from './apply.ts';
export { SUPPLEMENT_WINDOW_WORKING_DAYS } from './effects-reception.ts';
export { CORRECTION_WINDOW_WORKING_DAYS, EXTENSION_NOTICE_WORKING_DAYS } from './effects-processing.ts';
export * from './code.ts';
export * from './code-parse.ts';
export * from './identity.ts';
export * from './masking.ts';
export { CCCD_PROVINCE_CODES } from './province-codes.ts';
export { transitionTableMarkdown } from './transitions-doc.ts';
