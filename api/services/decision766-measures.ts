/**
 * The measures of the Decision 766 index for an agency subtree and a period, at a province's scale:
 * - the dossiers finished in the period, and every receipt and return, from the report counters
 *   (`report-counters.ts`), with their stored verdicts; the few verdicts not stored yet are computed
 *   here from the dossiers' facts (`report-verdicts.ts`);
 * - the dossiers still open at the period's end (or now), judged at that moment (`report-open.ts`:
 *   stored when the day ended, or read live).
 * The same figures as `measure()` over every dossier's facts (the reference; compared in
 * test/services/decision766-measures.test.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Calendar } from '../domain/calendar/index.ts';
import type { Measure } from '../domain/sla/decision766-index.ts';
import type { CalendarService } from './calendars.ts';
import { factsInChunks } from './decision766-facts.ts';
import { addFigures, counterSums, zeroFigures } from './report-counters.ts';
import { addTally, openAtEndOf, zeroTally } from './report-open.ts';
import { NEEDS_CALENDAR, PETITION_PROCEDURE, verdictOf } from './report-verdicts.ts';

export interface PeriodArgs { agencyId: string; scope: string[]; from: string; to: string; start: Date; end: Date; asOf: Date }

type Tally = { counted: number; onTime: number; overTime: number; multiple: number; pausedMs: number; paying: number; paidOnline: number; petitions: number; petitionsOnTime: number };

/** The measured criteria's measures (the same keys and inputs as `measure()`). */
export async function measuresOfPeriod(db: Kysely<Database>, calendars: CalendarService, a: PeriodArgs): Promise<Record<string, Measure>> {
  const cal = new Map<string, Calendar>();
  const calendarOf = async (id: string) => { let c = cal.get(id); if (!c) cal.set(id, (c = await calendars.forAgency(id))); return c; };
  const memo = new Map<Calendar, Map<number, number>>();
  const t: Tally = { counted: 0, onTime: 0, overTime: 0, multiple: 0, pausedMs: 0, paying: 0, paidOnline: 0, petitions: 0, petitionsOnTime: 0 };

  // Finished in the period, received, returned: the counters.
  const sums = await counterSums(db, a.agencyId, a.from, a.to);
  const own = zeroFigures(); const pet = zeroFigures();
  for (const s of sums) addFigures(s.procedureId === PETITION_PROCEDURE ? pet : own, s.within);
  t.counted += own.v_finished; t.onTime += own.v_on_time; t.overTime += own.v_late_over; t.multiple += own.v_late_multi; t.pausedMs += own.v_paused_ms;
  t.paying += own.v_paying; t.paidOnline += own.v_paid_online;
  t.petitions += pet.v_finished; t.petitionsOnTime += pet.v_on_time;
  if (own.v_unknown + pet.v_unknown > 0) {
    // Verdicts the worker has not stored yet.
    // `= any(array(…))`: the scope's ids first, then each dossier by its key (the planner would otherwise hash-join every dossier).
    // A page at a time: after an upgrade, or with the worker behind, they may be a whole quarter's dossiers.
    for await (const page of factsInChunks(db, sql`d.id = any(array(select v.dossier_id from dossier_visibility v where v.agency_id = ${a.agencyId}
        and v.finished_at >= ${a.start} and v.finished_at < ${a.end} and v.status not in ('refused', 'stopped')))
        and d.report_on_time is null and ${NEEDS_CALENDAR}`)) {
      for (const f of page) {
        const v = verdictOf(await calendarOf(f.calendarAgencyId), f, memo);
        if (f.procedureId === PETITION_PROCEDURE) { if (v.onTime) t.petitionsOnTime += 1; continue; }
        t.pausedMs += v.pausedMs;
        if (v.onTime) t.onTime += 1; else if (v.lateReason === 'MULTIPLE_SUPPLEMENTS') t.multiple += 1; else t.overTime += 1;
      }
    }
  }

  // Open at the end (or now): judged at that moment (stored when the day ended, or read live).
  const { tallies } = await openAtEndOf(db, calendars, { agencyId: a.agencyId, to: a.to, end: a.end, asOf: a.asOf, sums });
  const open = zeroTally();
  for (const x of tallies.values()) addTally(open, x);
  t.counted += open.counted; t.paying += open.paying; t.paidOnline += open.paidOnline;
  t.onTime += open.onTime; t.multiple += open.multiple; t.overTime += open.overTime; t.pausedMs += open.pausedMs;
  t.petitions += open.petitions; t.petitionsOnTime += open.petitionsOnTime;

  const [procedures] = (await sql<{ active: string | number; full: string | number }>`
    select count(*) as active, count(*) filter (where online_level = 'full') as full from procedures where active and id <> ${PETITION_PROCEDURE}`.execute(db)).rows;
  const [ratings] = (await sql<{ total: string | number; dissatisfied: string | number }>`
    select count(*) as total, count(*) filter (where dissatisfied) as dissatisfied from dossier_ratings
    where agency_id in (${sql.join(a.scope)}) and rated_at >= ${a.start} and rated_at < ${a.end}`.execute(db)).rows;
  const active = Number(procedures!.active); const fullyOnline = Number(procedures!.full);
  const ratingsTotal = Number(ratings!.total); const dissatisfied = Number(ratings!.dissatisfied);
  const late = t.counted - t.onTime;
  const lateRate = t.counted ? late / t.counted : 0;
  const dislikeRate = ratingsTotal ? dissatisfied / ratingsTotal : 0;
  return {
    'progress.onTime': { numerator: t.onTime, denominator: t.counted, inputs: { dossiers: t.counted, onTime: t.onTime, late, lateOverTime: t.overTime, lateMultipleSupplements: t.multiple, pausedWorkingHours: Math.round(t.pausedMs / 36_000) / 100 } },
    'online.proceduresOnline': { numerator: fullyOnline, denominator: active, inputs: { activeProcedures: active, fullyOnline } },
    'online.dossiersOnline': { numerator: own.v_received_online, denominator: own.v_received, inputs: { received: own.v_received, online: own.v_received_online } },
    'payment.online': { numerator: t.paidOnline, denominator: t.paying, inputs: { withPayments: t.paying, paidOnline: t.paidOnline } },
    'digitisation.electronicResults': { numerator: own.v_electronic, denominator: own.v_returned, inputs: { returned: own.v_returned, electronic: own.v_electronic } },
    'digitisation.digitised': { numerator: own.v_digitised, denominator: own.v_finished, inputs: { finished: own.v_finished, digitisedInputsAndResults: own.v_digitised } },
    'satisfaction.petitions': { numerator: t.petitionsOnTime, denominator: t.petitions, inputs: { petitions: t.petitions, within15WorkingDays: t.petitionsOnTime } },
    'satisfaction.rate': {
      // Without a rating the dislike rate is unknown: no points rather than a guess.
      numerator: 0, denominator: ratingsTotal, share: 1 - (lateRate + dislikeRate),
      inputs: { dossiers: t.counted, late, ratings: ratingsTotal, dissatisfied },
    },
  };
}
