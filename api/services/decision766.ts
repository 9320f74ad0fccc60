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
import { addWorkingTime, dueAt as dueAtOf, type Calendar } from '../domain/calendar/index.ts';
import { decision766, decision766InputOf, type Decision766Input, type Decision766Result } from '../domain/sla/decision766.ts';
import { previousPeriod, scoreIndex, type IndexResult, type Measure } from '../domain/sla/decision766-index.ts';
import type { Lang } from '../errors.ts';
import type { CalendarService } from './calendars.ts';
import { periodOf } from './report-ii06a.ts';

export const PETITION_PROCEDURE = 'feedback-petition';
const PETITION_LIMIT = { kind: 'workingDays', days: 15 } as const;

export interface Decision766Deps { db: Kysely<Database>; calendars: CalendarService; now: Date }

/** One dossier of the period as stored (the raw facts the index is computed from). */
export interface DossierFacts {
  id: string;
  procedureId: string;
  channel: string;
  calendarAgencyId: string;
  receivedAt: Date;
  receiptDueAt: Date | null;
  originalOrCurrentDueAt: Date;
  extension: { previousDueAt: Date; newDueAt: Date } | null;
  pauses: Array<{ kind: string; from: Date; to: Date | null }>;
  supplementRequests: number;
  finishedAt: Date | null;
  returnedAt: Date | null;
  returnMode: string | null;
  hasPayments: boolean;
  paidOnline: boolean;
  hasInput: boolean;
  hasResult: boolean;
}

const d = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/** The stored facts of the dossiers of `[start, end)` in the scope (one query; only the parts of the state the index reads). */
export async function loadFacts(db: Kysely<Database>, scope: string[], start: Date, end: Date): Promise<DossierFacts[]> {
  const rows = await sql<{
    id: string; procedure_id: string; channel: string; agency: string; received_at: Date; due: Date | null; finished_at: Date | null;
    pauses: Array<{ kind: string; from: string; to: string | null }> | null; supplement_requests: number | null; returned_at: string | null; return_mode: string | null;
    has_payments: boolean; paid_online: boolean; receipt_due: string | null; extension: { previousDueAt?: string; newDueAt?: string } | null; has_input: boolean; has_result: boolean;
  }>`
    select d.id, d.procedure_id, d.channel, coalesce(d.handling_agency_id, d.receiving_agency_id) as agency, d.received_at,
      coalesce(d.original_due_at, d.due_at) as due, d.finished_at,
      d.state->'pauses' as pauses, (d.state->>'supplementRequests')::int as supplement_requests,
      d.state->>'returnedAt' as returned_at, d.state->>'returnMode' as return_mode,
      coalesce(jsonb_array_length(d.state->'payments'), 0) > 0 as has_payments,
      coalesce(d.state->'payments' @> '[{"method": "online"}]'::jsonb, false) as paid_online,
      hist.receipt_due, hist.extension, coalesce(docs.has_input, false) as has_input, coalesce(docs.has_result, false) as has_result
    from dossiers d
      left join lateral (
        select (array_agg(h.details->>'dueAt' order by h.at, h.id) filter (where h.action in ('receive', 'accept') and h.details ? 'dueAt'))[1] as receipt_due,
          (array_agg(h.details order by h.at desc, h.id desc) filter (where h.action = 'extend'))[1] as extension
        from dossier_history h where h.dossier_id = d.id and h.action in ('receive', 'accept', 'extend')) hist on true
      left join lateral (
        select bool_or(x.kind in ('input', 'supplement')) as has_input, bool_or(x.kind = 'result') as has_result
        from documents x where x.dossier_id = d.id) docs on true
    where d.received_at is not null and d.received_at < ${end} and (d.finished_at is null or d.finished_at >= ${start})
      and d.status not in ('refused', 'stopped')
      and exists (select 1 from dossier_agencies da where da.dossier_id = d.id and da.agency_id in (${sql.join(scope)}))`.execute(db);
  return rows.rows.filter((r) => r.due !== null).map((r) => ({
    id: r.id, procedureId: r.procedure_id, channel: r.channel, calendarAgencyId: r.agency,
    receivedAt: new Date(r.received_at), receiptDueAt: d(r.receipt_due), originalOrCurrentDueAt: new Date(r.due!),
    extension: r.extension?.previousDueAt && r.extension.newDueAt ? { previousDueAt: new Date(r.extension.previousDueAt), newDueAt: new Date(r.extension.newDueAt) } : null,
    pauses: (r.pauses ?? []).map((p) => ({ kind: p.kind, from: d(p.from)!, to: d(p.to) })),
    supplementRequests: r.supplement_requests ?? 0, finishedAt: d(r.finished_at),
    returnedAt: d(r.returned_at), returnMode: r.return_mode,
    hasPayments: r.has_payments, paidOnline: r.paid_online,
    hasInput: r.has_input, hasResult: r.has_result,
  }));
}

/**
 * What the index reads of {@link decision766} (on time, why late, paused working time), the same
 * figures without its working-time sums when nothing moves the due date: a dossier without pause or
 * extension is on time when it ends by its due date as the calendar places it (`addWorkingTime(due, 0)`,
 * memoised per calendar: most dossiers share a handful of due instants). Nine in ten dossiers take this
 * path; the others take the full computation.
 */
export function verdict766(calendar: Calendar, input: Decision766Input, asOf: Date, memo: Map<Calendar, Map<number, number>>): Pick<Decision766Result, 'onTime' | 'lateReason' | 'pausedWorkingMs'> {
  if (input.pauses.length > 0 || input.extension) return decision766(calendar, input, asOf);
  let dues = memo.get(calendar);
  if (!dues) memo.set(calendar, (dues = new Map()));
  const dueMs = input.originalDueAt.getTime();
  let effective = dues.get(dueMs);
  if (effective === undefined) dues.set(dueMs, (effective = addWorkingTime(calendar, input.originalDueAt, 0).getTime()));
  const multiple = input.supplementRequestCount > 1;
  const overTime = (input.finishedAt ?? asOf).getTime() > effective;
  return { onTime: !multiple && !overTime, lateReason: multiple ? 'MULTIPLE_SUPPLEMENTS' : overTime ? 'OVER_TIME' : null, pausedWorkingMs: 0 };
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

/** The index of one period. */
export async function indexOfPeriod(deps: Decision766Deps, scope: string[], start: Date, end: Date): Promise<IndexResult & { asOf: string }> {
  const asOf = deps.now < end ? deps.now : end;
  const facts = await loadFacts(deps.db, scope, start, end);
  const calendars = new Map<string, Calendar>();
  for (const id of new Set(facts.map((f) => f.calendarAgencyId))) calendars.set(id, await deps.calendars.forAgency(id));
  const [procedures] = (await sql<{ active: string | number; full: string | number }>`
    select count(*) as active, count(*) filter (where online_level = 'full') as full from procedures where active and id <> ${PETITION_PROCEDURE}`.execute(deps.db)).rows;
  const [ratings] = (await sql<{ total: string | number; dissatisfied: string | number }>`
    select count(*) as total, count(*) filter (where dissatisfied) as dissatisfied from dossier_ratings
    where agency_id in (${sql.join(scope)}) and rated_at >= ${start} and rated_at < ${end}`.execute(deps.db)).rows;
  const measures = measure({
    facts, calendars, start, end, asOf,
    procedures: { active: Number(procedures!.active), fullyOnline: Number(procedures!.full) },
    ratings: { total: Number(ratings!.total), dissatisfied: Number(ratings!.dissatisfied) },
  });
  return { ...scoreIndex(measures), asOf: asOf.toISOString() };
}

/** `GET /api/reports/decision-766`: the period's index, the previous period's and the change of each figure. */
export async function decision766Report(deps: Decision766Deps, args: { agency: { id: string; name: string }; scope: string[]; from: string; to: string; lang: Lang }) {
  const { start, end } = periodOf(args.from, args.to, args.lang);
  const prev = previousPeriod(args.from, args.to);
  const p = periodOf(prev.from, prev.to, args.lang);
  const current = await indexOfPeriod(deps, args.scope, start, end);
  const previous = await indexOfPeriod(deps, args.scope, p.start, p.end);
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
