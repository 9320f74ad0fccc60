export * from './criteria.ts';
export * from './rating.ts';
