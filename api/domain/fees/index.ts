/** Fees as data: rules, the fee of a dossier, and validation (pure, no I/O). */
export * from './rules.ts';
export * from './validate.ts';
