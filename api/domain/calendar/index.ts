/**
 * The Vietnamese working-time calendar: office hours, year tables of days off and make-up
 * working days (official 2025–2026 shipped, lunar-calendar defaults otherwise), working-time
 * arithmetic and dossier deadlines. Pure: no I/O, no clock (time is always a parameter).
 */
export * from './arithmetic.ts';
export * from './calendar.ts';
export * from './default-holidays.ts';
export * from './due.ts';
export * from './due-query.ts';
export * from './field-error.ts';
export * from './format.ts';
export * from './lunar.ts';
export * from './office-hours.ts';
export * from './official-tables.ts';
export * from './time.ts';
export * from './year-table.ts';
export * from './year-table-validate.ts';
