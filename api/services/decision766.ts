/**
 * The Decision 766 index of an agency subtree for a period of local days, and the same index for the
 * previous period (month-on-month change). Reads the stored facts — receipt, the due date given at
 * receipt and the extension (dossier history), every pause, payments and the return mode (lifecycle
 * state), channel, documents, ratings — and scores them with the pure rules of
 * `domain/sla/decision766.ts` and `domain/sla/decision766-index.ts`.
 *
 * Dossiers of the period, as in report II.06a: received before its end and not finished before its
 * start, not refused or stopped, one of their agencies in the subtree. Petitions (procedure
 * `feedback-petition`) are counted only by the petition criterion.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { dueAt as dueAtOf, type Calendar } from '../domain/calendar/index.ts';
import { decision766InputOf } from '../domain/sla/decision766.ts';
import { previousPeriod, scoreIndex, type IndexResult, type Measure } from '../domain/sla/decision766-index.ts';
import type { Lang } from '../errors.ts';
import type { CalendarService } from './calendars.ts';
import { periodOf } from './report-ii06a.ts';
import { factsWhere, type DossierFacts } from './decision766-facts.ts';
import { PETITION_LIMIT, PETITION_PROCEDURE, verdict766 } from './report-verdicts.ts';
import { measuresOfPeriod } from './decision766-measures.ts';

export { PETITION_PROCEDURE, verdict766 } from './report-verdicts.ts';

export type { DossierFacts } from './decision766-facts.ts';


export interface Decision766Deps { db: Kysely<Database>; calendars: CalendarService; now: Date }

/** The stored facts of the dossiers of `[start, end)` in the scope (one query; only the parts of the state the index reads). */
export async function loadFacts(db: Kysely<Database>, scope: string[], start: Date, end: Date): Promise<DossierFacts[]> {
  return factsWhere(db, sql`d.received_at is not null and d.received_at < ${end} and (d.finished_at is null or d.finished_at >= ${start})
      and d.status not in ('refused', 'stopped')
      and exists (select 1 from dossier_agencies da where da.dossier_id = d.id and da.agency_id in (${sql.join(scope)}))`);
}

/** The measures of the measured criteria, from the facts (pure, given the calendars). */
export function measure(args: {
  facts: DossierFacts[]; calendars: Map<string, Calendar>; start: Date; end: Date; asOf: Date;
  procedures: { active: number; fullyOnline: number }; ratings: { total: number; dissatisfied: number };
}): Record<string, Measure> {
  const { facts, start, end, asOf } = args;
  const cal = (f: DossierFacts) => args.calendars.get(f.calendarAgencyId)!;
  const finishedIn = (at: Date | null) => at !== null && at >= start && at < end;
  const dossiers = facts.filter((f) => f.procedureId !== PETITION_PROCEDURE);
  const petitions = facts.filter((f) => f.procedureId === PETITION_PROCEDURE);
  let onTime = 0; let multiple = 0; let overTime = 0; let pausedMs = 0;
  const dueMemo = new Map<Calendar, Map<number, number>>();
  for (const f of dossiers) {
    const r = verdict766(cal(f), decision766InputOf({ ...f, finishedAt: finishedIn(f.finishedAt) ? f.finishedAt : null }), asOf, dueMemo);
    pausedMs += r.pausedWorkingMs;
    if (r.onTime) onTime += 1; else if (r.lateReason === 'MULTIPLE_SUPPLEMENTS') multiple += 1; else overTime += 1;
  }
  const received = dossiers.filter((f) => f.receivedAt >= start);
  const online = received.filter((f) => f.channel === 'online').length;
  const paying = dossiers.filter((f) => f.hasPayments);
  const paidOnline = paying.filter((f) => f.paidOnline).length;
  const returned = dossiers.filter((f) => finishedIn(f.returnedAt));
  const electronic = returned.filter((f) => f.returnMode === 'electronic' || f.returnMode === 'both').length;
  const finished = dossiers.filter((f) => finishedIn(f.finishedAt));
  const digitised = finished.filter((f) => f.hasInput && f.hasResult).length;
  const petitionsOnTime = petitions.filter((f) => (finishedIn(f.finishedAt) ? f.finishedAt! : asOf) <= dueAtOf(cal(f), f.receivedAt, PETITION_LIMIT)).length;
  const counted = dossiers.length;
  const late = counted - onTime;
  const lateRate = counted ? late / counted : 0;
  const dislikeRate = args.ratings.total ? args.ratings.dissatisfied / args.ratings.total : 0;
  return {
    'progress.onTime': { numerator: onTime, denominator: counted, inputs: { dossiers: counted, onTime, late, lateOverTime: overTime, lateMultipleSupplements: multiple, pausedWorkingHours: Math.round(pausedMs / 36_000) / 100 } },
    'online.proceduresOnline': { numerator: args.procedures.fullyOnline, denominator: args.procedures.active, inputs: { activeProcedures: args.procedures.active, fullyOnline: args.procedures.fullyOnline } },
    'online.dossiersOnline': { numerator: online, denominator: received.length, inputs: { received: received.length, online } },
    'payment.online': { numerator: paidOnline, denominator: paying.length, inputs: { withPayments: paying.length, paidOnline } },
    'digitisation.electronicResults': { numerator: electronic, denominator: returned.length, inputs: { returned: returned.length, electronic } },
    'digitisation.digitised': { numerator: digitised, denominator: finished.length, inputs: { finished: finished.length, digitisedInputsAndResults: digitised } },
    'satisfaction.petitions': { numerator: petitionsOnTime, denominator: petitions.length, inputs: { petitions: petitions.length, within15WorkingDays: petitionsOnTime } },
    'satisfaction.rate': {
      // Without a rating the dislike rate is unknown: no points rather than a guess.
      numerator: 0, denominator: args.ratings.total, share: 1 - (lateRate + dislikeRate),
      inputs: { dossiers: counted, late, ratings: args.ratings.total, dissatisfied: args.ratings.dissatisfied },
    },
  };
}

/** The index of one period (`from`..`to`, local days) for the subtree of `agencyId` (`scope`). */
export async function indexOfPeriod(deps: Decision766Deps, agencyId: string, scope: string[], period: { from: string; to: string; start: Date; end: Date }): Promise<IndexResult & { asOf: string }> {
  const asOf = deps.now < period.end ? deps.now : period.end;
  const measures = await measuresOfPeriod(deps.db, deps.calendars, { agencyId, scope, ...period, asOf });
  return { ...scoreIndex(measures), asOf: asOf.toISOString() };
}

/** `GET /api/reports/decision-766`: the period's index, the previous period's and the change of each figure. */
export async function decision766Report(deps: Decision766Deps, args: { agency: { id: string; name: string }; scope: string[]; from: string; to: string; lang: Lang }) {
  const { start, end } = periodOf(args.from, args.to, args.lang);
  const prev = previousPeriod(args.from, args.to);
  const p = periodOf(prev.from, prev.to, args.lang);
  const current = await indexOfPeriod(deps, args.agency.id, args.scope, { from: args.from, to: args.to, start, end });
  const previous = await indexOfPeriod(deps, args.agency.id, args.scope, { ...prev, ...p });
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 100) / 100);
  return {
    period: { from: args.from, to: args.to }, agency: args.agency, asOf: current.asOf,
    total: current.total, groups: current.groups,
    // The rule as text in the request's language; labels in both.
    criteria: current.criteria.map((c) => ({ ...c, rule: c.rule[args.lang] })),
    previous: { period: prev, total: previous.total, groups: previous.groups.map((g) => ({ key: g.key, points: g.points })), criteria: previous.criteria.map((c) => ({ key: c.key, points: c.points, share: c.share })) },
    change: {
      total: diff(current.total.points, previous.total.points),
      groups: current.groups.map((g, i) => ({ key: g.key, points: diff(g.points, previous.groups[i]!.points) })),
      criteria: current.criteria.map((c, i) => ({ key: c.key, points: diff(c.points, previous.criteria[i]!.points) })),
    },
  };
}
