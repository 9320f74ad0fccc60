/**
 * Application services shared by routes and workers: working-time calendars, dossier form
 * schemas, the identity provider, document storage, the SLA policy and the clock.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import { CalendarService } from '../services/calendars.ts';
import { loadFormSchemas, type FormSchemas } from '../services/form-schemas.ts';
import { demoIdentityProvider, type IdentityProvider } from '../services/identity.ts';
import { diskStorage, type DocumentStorage } from '../services/storage.ts';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla/index.ts';
import type { Clock } from '../services/clock.ts';

declare module 'fastify' {
  interface FastifyInstance {
    calendars: CalendarService;
    formSchemas: FormSchemas;
    /** Task submission schemas (`schemas/tasks/<step>.schema.json`). */
    taskSchemas: FormSchemas;
    identity: IdentityProvider;
    storage: DocumentStorage;
    slaPolicy: SlaPolicy;
    clock: Clock;
  }
}

export const FORM_SCHEMA_DIR = fileURLToPath(new URL('../../schemas/procedures', import.meta.url));
export const TASK_SCHEMA_DIR = fileURLToPath(new URL('../../schemas/tasks', import.meta.url));

export interface ServicesOptions {
  dataDir: string;
  clock: Clock;
  identity?: IdentityProvider;
  storage?: DocumentStorage;
  /** Directory of the procedures' form schemas (default `schemas/procedures`). */
  formSchemaDir?: string;
  /** How long built working-time calendars are cached, ms (default one minute; 0: never). */
  calendarCacheMs?: number;
}

export default fp<ServicesOptions>(async (app, opts) => {
  app.decorate('clock', opts.clock);
  app.decorate('calendars', new CalendarService(app.db, opts.calendarCacheMs));
  app.decorate('formSchemas', loadFormSchemas(opts.formSchemaDir ?? FORM_SCHEMA_DIR));
  app.decorate('taskSchemas', loadFormSchemas(TASK_SCHEMA_DIR, 'variables'));
  app.decorate('identity', opts.identity ?? demoIdentityProvider);
  app.decorate('storage', opts.storage ?? diskStorage(join(opts.dataDir === 'memory://' ? '/tmp/motcua-documents' : opts.dataDir, 'documents')));
  app.decorate('slaPolicy', DEFAULT_SLA_POLICY);
}, { name: 'services', dependencies: ['database'] });
