/**
 * Reception → first task (issue 18: "each received dossier's process started and its first task
 * listed within 1 s, sustained at 50 dossiers/s"). Receives at a fixed rate through the API (open
 * loop, like `load.ts`) and watches the database every POLL_MS: for each dossier, the time from its
 * scheduled send until its process instance is stored (`dossiers.process_instance_key`) and until its
 * first task is in the task list (`tasks`, what `GET /api/tasks` reads). A dossier not there within
 * WAIT_MS after the last send counts as missed. The poll adds up to POLL_MS to each figure. It starts
 * once the earlier scenarios' receptions have their process (or after WAIT_MS), so it measures its own.
 */
import pg from 'pg';
import type { Call, Client } from './load.ts';

const POLL_MS = 25;
const WAIT_MS = 30_000;

export interface FirstTaskFigures {
  rate: number;
  received: number;
  errors: number;
  firstError?: string;
  /** Milliseconds from the scheduled send: p50, p95, max; `missed` not seen within the wait. */
  started: { p50: number; p95: number; max: number; missed: number };
  listed: { p50: number; p95: number; max: number; missed: number };
  /** Share of dossiers whose first task was listed within 1 s. */
  listedWithin1s: number;
  /** Time waited before sending for the earlier scenarios' receptions to get their process, and how many had not. */
  backlog: { ms: number; left: number };
}

function summary(values: number[], expected: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) : NaN);
  return { p50: at(0.5), p95: at(0.95), max: sorted.length ? Math.round(sorted.at(-1)!) : NaN, missed: expected - sorted.length };
}

/**
 * Waits (at most WAIT_MS) until the earlier scenarios' backlog is done: the counter dossiers of the last hour
 * all have their process, no outbox event of the last hour is due and unprocessed (the bridge's starts and
 * completions, the applicants' messages, the officers' notifications…), and no engine job is due or being worked.
 */
export async function drained(db: pg.Client): Promise<{ ms: number; left: number }> {
  const t0 = performance.now();
  for (;;) {
    // Their processes started, and what followed them done: measured right after a burst of receptions, a
    // list met the burst's follow-up work (the reception tasks' completion, the next steps, the messages).
    // By `received_at` (indexed; counter dossiers are received when created): by `created_at` it read all
    // 1M dossiers, 0.75 s of a core every 250 ms while the server was draining.
    const { rows } = await db.query<{ n: string }>(`select (select count(*) from dossiers
      where received_at > now() - interval '1 hour' and channel <> 'online' and process_instance_key is null)
      + (select count(*) from outbox where processed_at is null and dead_at is null
        and created_at > now() - interval '1 hour' and available_at <= now())
      + (select count(*) from engine_job where state = 'ACTIVATED' or (state <> 'FAILED' and due_at <= now())) as n`);
    const left = Number(rows[0]!.n);
    if (left === 0 || performance.now() - t0 > WAIT_MS) return { ms: Math.round(performance.now() - t0), left };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Per dossier code (optional out parameter): its scheduled send and when it was seen started and listed, as wall-clock ms. */
export type FirstTaskDetail = Map<string, { sentAt: number; startedAt?: number; listedAt?: number }>;

/** Receives `rate` dossiers a second for `seconds` and times each one's process start and first task. */
export async function receptionToFirstTask(client: Client, databaseUrl: string, next: (i: number) => Call, rate: number, seconds: number, detail?: FirstTaskDetail): Promise<FirstTaskFigures> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const backlog = await drained(db);
  const sentAt = new Map<string, number>();
  const started = new Map<string, number>();
  const listed = new Map<string, number>();
  let errors = 0;
  let firstError: string | undefined;
  let sending = true;
  const poll = async () => {
    while (sending || (listed.size < sentAt.size && performance.now() < lastSend + WAIT_MS)) {
      const pending = [...sentAt.keys()].filter((c) => !listed.has(c));
      if (pending.length) {
        const { rows } = await db.query<{ code: string; started: boolean; listed: boolean }>(
          `select d.code, d.process_instance_key is not null as started, exists (select 1 from tasks t where t.dossier_id = d.id) as listed
           from unnest($1::text[]) as w(code) join dossiers d on d.code = w.code`, [pending]); // joined, not `d.code = any($1)`: see task-projection.ts
        const now = performance.now();
        for (const r of rows) {
          if (r.started && !started.has(r.code)) started.set(r.code, now - sentAt.get(r.code)!);
          if (r.listed && !listed.has(r.code)) {
            listed.set(r.code, now - sentAt.get(r.code)!);
            if (!started.has(r.code)) started.set(r.code, now - sentAt.get(r.code)!);
          }
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  let lastSend = performance.now();
  const watcher = poll();
  const total = Math.max(1, Math.round(rate * seconds));
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(client.send(next(i)).then((res) => {
      if (res.status === 201) sentAt.set((JSON.parse(res.body) as { code: string }).code, scheduled);
      else {
        errors++;
        firstError ??= `${res.status} ${res.body.slice(0, 200)}`;
      }
    }));
  }
  await Promise.all(inFlight);
  lastSend = performance.now();
  sending = false;
  await watcher;
  await db.end();
  const wall = (code: string, ms: number | undefined) => (ms === undefined ? undefined : performance.timeOrigin + sentAt.get(code)! + ms);
  for (const code of sentAt.keys()) {
    detail?.set(code, { sentAt: performance.timeOrigin + sentAt.get(code)!, startedAt: wall(code, started.get(code)), listedAt: wall(code, listed.get(code)) });
  }
  const within = [...listed.values()].filter((ms) => ms <= 1000).length;
  return {
    rate, received: sentAt.size, errors, ...(firstError ? { firstError } : {}),
    started: summary([...started.values()], sentAt.size), listed: summary([...listed.values()], sentAt.size),
    listedWithin1s: sentAt.size ? Math.round((within / sentAt.size) * 1000) / 1000 : 0, backlog,
  };
}
