/**
 * Times the supervisor's reports directly on a generated database (no HTTP): report II.06a, the
 * Decision 766 index (its SQL part and its computation apart), trends and the supervision summary, for
 * the whole province and one quarter. `tsx bench/scale/time-reports.ts <database-url>`
 */
import { sql } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { CalendarService } from '../../api/services/calendars.ts';
import { decision766Report, loadFacts, measure, verdict766 } from '../../api/services/decision766.ts';
import { measuresOfPeriod } from '../../api/services/decision766-measures.ts';
import { fillVerdicts } from '../../api/services/report-verdicts.ts';
import { decision766, decision766InputOf } from '../../api/domain/sla/decision766.ts';
import type { Calendar } from '../../api/domain/calendar/index.ts';
import { periodOf, reportIi06a } from '../../api/services/report-ii06a.ts';
import { trends } from '../../api/services/trends.ts';
import { supervisionSummary } from '../../api/services/supervision.ts';
import { DEFAULT_SLA_POLICY } from '../../api/domain/sla/index.ts';

const url = process.argv[2]!;
const handle = await connectDatabase({ databaseUrl: url, dataDir: 'memory://' });
const db = handle.db;
const time = async (label: string, f: () => Promise<unknown>) => {
  await f();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await f();
    runs.push(performance.now() - t0);
  }
  const median = runs.sort((a, b) => a - b)[2]!;
  console.log(`  ${label.padEnd(40)} ${median.toFixed(0).padStart(7)} ms`);
  return median;
};
try {
  const n = (await sql<{ n: number }>`select count(*)::int as n from dossiers`.execute(db)).rows[0]!.n;
  const last = (await sql<{ at: Date }>`select max(received_at) as at from dossiers`.execute(db)).rows[0]!.at;
  const q = Math.floor(last.getUTCMonth() / 3);
  const from = new Date(Date.UTC(last.getUTCFullYear(), 3 * q - 3, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(last.getUTCFullYear(), 3 * q, 0)).toISOString().slice(0, 10);
  console.log(`${n.toLocaleString('en')} dossiers; quarter ${from} – ${to}`);
  const scope = await agencySubtree(db, 'tinh-demo');
  const { start, end } = periodOf(from, to, 'en');
  const now = new Date();
  const calendars = new CalendarService(db);
  const agency = { id: 'tinh-demo', name: 'tinh' };
  // Verdicts the worker would have stored (an upgraded database has none yet).
  const t0 = performance.now(); let filled = 0;
  for (let n = 500; n === 500; filled += n) n = await fillVerdicts(db, calendars, 500);
  console.log(`  verdicts stored first: ${filled} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await time('II.06a (counters + open rows)', () => reportIi06a(db, calendars, { agency, from, to, start, end, now }));
  const asOfP = now < end ? now : end;
  const reference = await time('766 measures, reference: every dossier\'s facts', async () => {
    const f = await loadFacts(db, scope, start, end);
    const c = new Map<string, Calendar>();
    for (const id of new Set(f.map((x) => x.calendarAgencyId))) c.set(id, await calendars.forAgency(id));
    return measure({ facts: f, calendars: c, start, end, asOf: asOfP, procedures: { active: 0, fullyOnline: 0 }, ratings: { total: 0, dissatisfied: 0 } });
  });
  const counted = await time('766 measures (counters + open rows)', () => measuresOfPeriod(db, calendars, { agencyId: 'tinh-demo', scope, from, to, start, end, asOf: asOfP }));
  console.log(`  counters / reference: ${(counted / reference).toFixed(3)}`);
  await time('766: whole report (two periods)', () => decision766Report({ db, calendars, now }, { agency, scope, from, to, lang: 'en' }));
  // The index's per-dossier verdicts: the full computation against the shortcut, on the same facts.
  const facts = await loadFacts(db, scope, start, end);
  const cals = new Map<string, Calendar>();
  for (const id of new Set(facts.map((f) => f.calendarAgencyId))) cals.set(id, await calendars.forAgency(id));
  const asOf = now < end ? now : end;
  const full = await time(`766: verdicts, full computation (${facts.length})`, async () => { for (const f of facts) decision766(cals.get(f.calendarAgencyId)!, decision766InputOf(f), asOf); });
  const quick = await time('766: verdicts, shortcut (verdict766)', async () => { const memo = new Map(); for (const f of facts) verdict766(cals.get(f.calendarAgencyId)!, decision766InputOf(f), asOf, memo); });
  console.log(`  shortcut / full: ${(quick / full).toFixed(3)}`);
  await time('supervision summary (counts)', () => supervisionSummary({ db, calendars, policy: DEFAULT_SLA_POLICY, now }, 'tinh-demo', scope));
  await time('trends, quarter per month', () => trends(db, { agencyId: 'tinh-demo', now, scope, granularity: 'month', from, to, start, end }));
  // The trends page's first view: six months to today (ui/supervision/trends-page.tsx), per month and per week.
  const today = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const six = new Date(`${today.slice(0, 7)}-01T00:00:00Z`); six.setUTCMonth(six.getUTCMonth() - 5);
  const months = { from: six.toISOString().slice(0, 10), to: today, ...periodOf(six.toISOString().slice(0, 10), today, 'en') };
  for (const granularity of ['month', 'week'] as const) {
    await time(`trends, six months to today per ${granularity}`, () => trends(db, { agencyId: 'tinh-demo', now, scope, granularity, ...months }));
  }
} finally {
  await handle.close();
}
