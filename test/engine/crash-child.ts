/**
 * Child process of the crash test: runs the embedded engine with in-process workers on the
 * PostgreSQL database given as argv[2] until killed. Each job's side effect is an idempotent insert
 * keyed by job key; every attempt is logged too.
 */
import type { Kysely } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';

const url = process.argv[2]!;
const handle = await connectDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 8 });
const db = handle.db as unknown as Kysely<any>;
const engine = new EmbeddedEngine({ db, timerInterval: 50 });
for (const type of ['crash-a', 'crash-b']) {
  engine.createWorker({
    type, timeout: 1500, maxJobsActive: 16, pollInterval: 20,
    handler: async (job) => {
      await db.insertInto('crash_attempt').values({ job_key: job.key }).execute();
      await db.insertInto('crash_effect').values({ job_key: job.key, instance_key: job.processInstanceKey, element_id: job.elementId })
        .onConflict((oc) => oc.column('job_key').doNothing()).execute();
      await job.complete({ [`${job.elementId}Done`]: true });
    },
  });
}
await engine.start();
process.send?.('ready');
process.on('SIGTERM', () => {
  void engine.stop().then(() => db.destroy()).then(() => process.exit(0));
});
