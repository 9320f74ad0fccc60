/** The embedded engine's public surface. */
export { EmbeddedEngine, type EmbeddedEngineOptions } from './embedded-engine.ts';
export { migrateEngine, pendingEngine } from './migrations.ts';
export { parseBpmn } from './parser.ts';
