/**
 * The task projection's reconcile on a large database (issue 18): one whole pass over the engine's
 * open tasks when the table already agrees (nothing to write), and one bounded background run (20
 * pages of 500), with the rows written, the time and the process's RSS. DATABASE_URL names a database
 * whose `engine_user_task` and `tasks` hold the open tasks (see bench/README.md, "Projector reconcile").
 *   DATABASE_URL=postgres://… npx tsx bench/task-reconcile.ts
 */
import { sql } from 'kysely';
import { connectDatabase } from '../api/db/connect.ts';
import { TaskProjector } from '../api/services/task-projector.ts';
import { EmbeddedEngine } from '../engine-adapter/embedded/index.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const handle = await connectDatabase({ databaseUrl: url, dataDir: 'memory://' });
const engine = new EmbeddedEngine({ db: handle.db });
const projector = new TaskProjector(handle.db, engine, { error: (obj, msg) => console.error(msg, obj) });
const open = Number((await sql<{ n: string }>`select count(*) as n from engine_user_task where state = 'CREATED'`.execute(handle.db)).rows[0]!.n);
const mb = () => Math.round(process.memoryUsage().rss / 1_048_576);
const timed = async <T>(work: () => Promise<T>) => {
  const start = performance.now();
  const result = await work();
  return { ms: Math.round(performance.now() - start), result };
};
const stamp = async () => (await sql<{ s: string }>`select coalesce(max(change_seq), 0)::text as s from tasks`.execute(handle.db)).rows[0]!.s;
const before = await stamp();
const rssBefore = mb();
const bounded = await timed(() => projector.reconcileSome({ maxPages: 20 }));
const whole = await timed(() => projector.reconcile());
const figures = {
  openTasks: open, boundedRun: { ms: bounded.ms, ...bounded.result }, wholePass: { ms: whole.ms, ...whole.result },
  msPerTaskWholePass: Number((whole.ms / Math.max(1, whole.result.checked)).toFixed(3)), changeStampMoved: (await stamp()) !== before,
  rssMb: { before: rssBefore, after: mb() },
};
console.log(JSON.stringify(figures));
await handle.close();
