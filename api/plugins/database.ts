/** Decorates the app with the database (`app.db`) and closes it with the app when the app owns it. */
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseHandle } from '../db/connect.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbKind: DatabaseHandle['kind'];
  }
}

export interface DatabasePluginOptions {
  handle: DatabaseHandle;
  /** Close the database when the app closes. */
  owned: boolean;
}

export default fp<DatabasePluginOptions>(async (app, opts) => {
  app.decorate('db', opts.handle.db);
  app.decorate('dbKind', opts.handle.kind);
  if (opts.owned) app.addHook('onClose', async () => opts.handle.close());
}, { name: 'database' });
