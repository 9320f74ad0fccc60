/**
 * A province that has been running has sent the reminders of the steps and dossiers already overdue, when
 * each fell due (the markers of migrations 2026120703 and 2026120804). A dataset generated hours or days
 * before a run has not: the steps that fell due since would make the server's first passes send tens of
 * thousands of reminders during the measurements (54,000 overdue steps, ~20,000 notifications a minute, on
 * a 1M dataset reused a day later). Marking them first keeps the runs comparable with a live province.
 * Likewise its finished dossiers' Decision 766 verdicts were stored by the worker a minute after each
 * finish (`settleVerdicts`): without them the server's verdict worker spends its first minutes on a
 * generated backlog (50,000 a minute), and the reports compute the missing ones themselves.
 * And the figures of the dossiers open at each day's end, which the worker stores when the day ends
 * (`settleOpenDays`): the days the report scenarios' periods end on, and the last day ended (which the
 * server's worker would otherwise take during the measurements). Taken now, they are the figures a
 * report reads live from the same rows.
 */
import pg from 'pg';
import { connectDatabase } from '../../api/db/connect.ts';
import { migrateAll } from '../../api/db/migrate-all.ts';
import { CalendarService } from '../../api/services/calendars.ts';
import { fillVerdicts } from '../../api/services/report-verdicts.ts';
import { takeLastEndedDay, takeOpenDay } from '../../api/services/report-open.ts';

export async function settleReminders(url: string, now = new Date()): Promise<{ steps: number; dossiers: number; overdue: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // And the SLA sweep classed them overdue each minute as they fell due (a day's backlog otherwise lands in the
    // server's first sweep, during the first scenario: 10,000 task updates and their counters at 1M).
    const overdue = await client.query(`update tasks set sla_state = 'overdue'
      where state = 'CREATED' and due_at < $1 and sla_state is distinct from 'overdue'`, [now]);
    const steps = await client.query(`update tasks set reminded_due_at = due_at, reminded_overdue = true
      where state = 'CREATED' and due_at <= $1 and (reminded_due_at is distinct from due_at or not reminded_overdue)`, [now]);
    const dossiers = await client.query(`update dossiers set reminded_due_at = due_at, reminded_overdue = true
      where status in ('accepted', 'processing', 'decided') and due_at <= $1 and (reminded_due_at is distinct from due_at or not reminded_overdue)`, [now]);
    return { steps: steps.rowCount ?? 0, dossiers: dossiers.rowCount ?? 0, overdue: overdue.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

/** Stores every missing Decision 766 verdict, as the server's worker does, in batches; the number stored. */
export async function settleVerdicts(url: string): Promise<number> {
  const handle = await connectDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 2 });
  try {
    const calendars = new CalendarService(handle.db);
    let total = 0;
    for (let n = -1; n !== 0; total += n) n = await fillVerdicts(handle.db, calendars, 5000);
    return total;
  } finally {
    await handle.close();
  }
}

/** Stores the open dossiers' figures of `days` and of the last day ended, as the worker does when each ends; the days taken and the seconds. */
export async function settleOpenDays(url: string, days: string[], now = new Date()): Promise<{ taken: string[]; seconds: number }> {
  const handle = await connectDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 2 });
  const t0 = performance.now();
  try {
    await migrateAll(handle.db); // before the server starts: the tables of a newer migration
    const calendars = new CalendarService(handle.db);
    const taken: string[] = [];
    for (const day of days) if ((await takeOpenDay(handle.db, calendars, day)) !== null) taken.push(day);
    if ((await takeLastEndedDay(handle.db, calendars, now)) !== null) taken.push('last');
    return { taken, seconds: Math.round((performance.now() - t0) / 100) / 10 };
  } finally {
    await handle.close();
  }
}
