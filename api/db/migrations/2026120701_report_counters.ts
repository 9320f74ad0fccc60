/**
 * Report counters (issue 9 · 13, item 7): the supervisor's reports at a province's scale.
 *
 * - `report_counters`: per agency that may see the dossier (the `dossier_visibility` agencies, so a
 *   subtree's report is one equality, never a sum over agencies that could count a dossier twice), per
 *   procedure and local (UTC+7) day, the figures of report II.06a, of the Decision 766
 *   index and of the trends that are fixed once they happen: receipts by channel (on the day
 *   received), finishes with their class (on the day finished), returns with their mode (on the day
 *   returned). Kept by triggers in the same transaction as the change: on `dossiers` (old row out, new
 *   row in), and on `dossier_visibility` (a dossier handed to an agency, an agency moved).
 *   What depends on the moment of the report — dossiers still open at the period's end — is not
 *   counted here; the reports read those rows.
 * - `dossiers.report_on_time / report_late_reason / report_paused_ms`: the Decision 766 verdict of a
 *   finished dossier (for a petition: answered within 15 working days), computed with the agency's
 *   calendar by `api/services/report-verdicts.ts` (a worker, off the request path); null until then
 *   — a report computes the missing ones itself — and reset to null when its inputs change.
 * - `dossiers.docs_input / docs_result`: whether inputs and results were digitised (documents), kept
 *   by a trigger on `documents`.
 * The plans before and after are in bench/README.md ("Supervisor's reports at 1M").
 */
import { sql, type Kysely } from 'kysely';

const local = (ts: string) => `((${ts} at time zone 'UTC') + interval '7 hours')::date`;
const judged = `case when (d.state->>'extensionLate')::boolean and d.original_due_at is not null then d.original_due_at else d.due_at end`;
const hasDue = `(coalesce(d.original_due_at, d.due_at) is not null)`;
const returnedAt = `(d.state->>'returnedAt')::timestamptz`;
/**
 * A dossier whose Decision 766 verdict needs the calendar: a petition (15 working days from receipt),
 * a supplement pause (its working time is subtracted) or an extension (its working time is added).
 * Any other dossier is on time when it ends by the due date given at receipt, with at most one
 * supplement request (`decision766` with nothing to add: `addWorkingTime(due, 0)` is the due date).
 */
export const NEEDS_JS = `(d.procedure_id = 'feedback-petition' or d.original_due_at is not null or coalesce(d.state->'pauses' @> '[{"kind": "supplement"}]'::jsonb, false))`;
const SUPPLEMENTS = `coalesce((d.state->>'supplementRequests')::int, 0)`;
const DUE766 = `coalesce(d.original_due_at, d.due_at)`;

/** The counted figures; each row kind (received, finished, returned) sets some of them. */
export const METRICS = [
  'rec_online', 'rec_offline', 'resolved', 'early', 'on_time', 'late',
  'v_received', 'v_received_online', 'v_finished', 'v_on_time', 'v_late_over', 'v_late_multi', 'v_paused_ms', 'v_unknown',
  'v_paying', 'v_paid_online', 'v_digitised', 'v_returned', 'v_electronic',
] as const;

const int = (cond: string) => `coalesce((${cond})::int, 0)`;
const ROWS: Array<{ day: string; set: Partial<Record<(typeof METRICS)[number], string>> }> = [
  { day: local('d.received_at'), set: {
    rec_online: int(`d.channel = 'online'`), rec_offline: int(`d.channel <> 'online'`),
    v_received: int(hasDue), v_received_online: int(`${hasDue} and d.channel = 'online'`),
  } },
  { day: local('d.finished_at'), set: {
    resolved: '1',
    late: int(`d.finished_at > ${judged}`),
    early: int(`d.finished_at <= ${judged} and ${local('d.finished_at')} < ${local(judged)}`),
    on_time: int(`${judged} is null or (d.finished_at <= ${judged} and ${local('d.finished_at')} >= ${local(judged)})`),
    v_finished: int(hasDue),
    v_on_time: int(`${hasDue} and case when ${NEEDS_JS} then d.report_on_time is true else ${SUPPLEMENTS} <= 1 and d.finished_at <= ${DUE766} end`),
    v_late_over: int(`${hasDue} and case when ${NEEDS_JS} then d.report_late_reason = 'OVER_TIME' else ${SUPPLEMENTS} <= 1 and d.finished_at > ${DUE766} end`),
    v_late_multi: int(`${hasDue} and case when ${NEEDS_JS} then d.report_late_reason = 'MULTIPLE_SUPPLEMENTS' else ${SUPPLEMENTS} > 1 end`),
    v_paused_ms: `case when ${hasDue} and ${NEEDS_JS} then coalesce(d.report_paused_ms, 0) else 0 end`,
    v_unknown: int(`${hasDue} and ${NEEDS_JS} and d.report_on_time is null`),
    v_paying: int(`${hasDue} and coalesce(jsonb_array_length(d.state->'payments'), 0) > 0`),
    v_paid_online: int(`${hasDue} and coalesce(d.state->'payments' @> '[{"method": "online"}]'::jsonb, false)`),
    v_digitised: int(`${hasDue} and d.docs_input and d.docs_result`),
  } },
  { day: local(returnedAt), set: {
    v_returned: int(hasDue), v_electronic: int(`${hasDue} and d.state->>'returnMode' in ('electronic', 'both')`),
  } },
];

const metricCols = METRICS.join(', ');
const valuesSql = ROWS.map((r) => `(${r.day}, ${METRICS.map((m) => r.set[m] ?? '0').join(', ')})`).join(',\n        ');
const sums = (sign: string) => METRICS.map((m) => `sum(r.${m} * ${sign})`).join(', ');
const nonZero = (sign: string) => METRICS.map((m) => `sum(r.${m} * ${sign}) <> 0`).join(' or ');
const upsert = `on conflict (agency_id, day, procedure_id) do update set ${METRICS.map((m) => `${m} = report_counters.${m} + excluded.${m}`).join(', ')}`;

/** The columns whose change can change a dossier's counted figures. */
const INPUTS = ['status', 'channel', 'received_at', 'finished_at', 'due_at', 'original_due_at', 'handling_agency_id', 'receiving_agency_id', 'procedure_id',
  `state->'payments'`, `state->>'returnedAt'`, `state->>'returnMode'`, `state->>'extensionLate'`, 'report_on_time', 'report_late_reason', 'report_paused_ms', 'docs_input', 'docs_result'];
/** The inputs of the Decision 766 verdict: when one changes, the stored verdict is stale. */
const VERDICT_INPUTS = ['finished_at', 'received_at', 'due_at', 'original_due_at', 'handling_agency_id', 'receiving_agency_id', 'procedure_id', `state->'pauses'`, `state->'supplementRequests'`];
const tuple = (row: string, cols: string[]) => `(${cols.map((c) => `${row}.${c}`).join(', ')})`;

/**
 * The two trigger functions that count a change, writing into `into`: the counters themselves (an
 * upsert, as this migration made them) or the deltas table of 2026120901 (an insert, no shared row locked).
 */
export function counterFunctions(into: 'report_counters' | 'report_counter_deltas'): string[] {
  const write = into === 'report_counters' ? upsert : '';
  return [
    // A dossier changed: its old figures out, its new ones in, at every agency that sees it.
    `create or replace function dossiers_report_counters() returns trigger language plpgsql as $$
    begin
      insert into ${into} (agency_id, procedure_id, day, ${metricCols})
      select v.agency_id, r.procedure_id, r.day, ${sums('r.s')}
      from dossier_visibility v,
        (select o.*, -1 as s from report_rows(old) o union all select n.*, 1 as s from report_rows(new) n) r
      where v.dossier_id = new.id
      group by v.agency_id, r.procedure_id, r.day
      having ${nonZero('r.s')}
      ${write};
      return null;
    end $$`,
    // An agency starts or stops seeing a dossier (reception, hand-off, an agency moved in the tree).
    `create or replace function dossier_visibility_report_counters() returns trigger language plpgsql as $$
    declare
      a text := case when tg_op = 'INSERT' then new.agency_id else old.agency_id end;
      did uuid := case when tg_op = 'INSERT' then new.dossier_id else old.dossier_id end;
      s int := case when tg_op = 'INSERT' then 1 else -1 end;
    begin
      insert into ${into} (agency_id, procedure_id, day, ${metricCols})
      select a, r.procedure_id, r.day, ${METRICS.map((m) => `sum(r.${m}) * s`).join(', ')}
      from dossiers d, report_rows(d) r where d.id = did
      group by r.procedure_id, r.day
      ${write};
      return null;
    end $$`,
  ];
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table dossiers add column report_on_time boolean, add column report_late_reason text, add column report_paused_ms bigint,
    add column docs_input boolean not null default false, add column docs_result boolean not null default false`).execute(db);
  await sql.raw(`update dossiers d set docs_input = x.i, docs_result = x.r
    from (select dossier_id, bool_or(kind in ('input', 'supplement')) as i, bool_or(kind = 'result') as r from documents group by dossier_id) x
    where x.dossier_id = d.id and (x.i or x.r)`).execute(db);
  await sql.raw(`create index dossiers_verdict_pending_idx on dossiers (finished_at) where finished_at is not null and report_on_time is null
    and ${NEEDS_JS.replaceAll('d.', '')}`).execute(db);

  await sql.raw(`create table report_counters (
    agency_id text not null, procedure_id text not null, day date not null,
    ${METRICS.map((m) => `${m} bigint not null default 0`).join(', ')},
    primary key (agency_id, day, procedure_id))`).execute(db);

  // The figures one dossier adds (none when never received, refused or stopped).
  await sql.raw(`create function report_rows(d dossiers) returns table (procedure_id text, day date, ${METRICS.map((m) => `${m} bigint`).join(', ')})
    language sql stable as $$
      select d.procedure_id, x.day, ${METRICS.map((m) => `x.${m}`).join(', ')}
      from (values
        ${valuesSql}
      ) as x(day, ${metricCols})
      where d.received_at is not null and d.status not in ('refused', 'stopped') and x.day is not null
    $$`).execute(db);

  for (const fn of counterFunctions('report_counters')) await sql.raw(fn).execute(db);
  await sql.raw(`create trigger dossiers_report_counters after update on dossiers
    for each row when (${tuple('old', INPUTS)} is distinct from ${tuple('new', INPUTS)})
    execute function dossiers_report_counters()`).execute(db);

  // A stale verdict is forgotten (the worker computes it again), unless this very update sets it.
  await sql.raw(`create function dossiers_verdict_reset() returns trigger language plpgsql as $$
    begin
      if (new.report_on_time, new.report_late_reason, new.report_paused_ms) is not distinct from (old.report_on_time, old.report_late_reason, old.report_paused_ms) then
        new.report_on_time := null; new.report_late_reason := null; new.report_paused_ms := null;
      end if;
      return new;
    end $$`).execute(db);
  await sql.raw(`create trigger dossiers_verdict_reset before update on dossiers
    for each row when (${tuple('old', VERDICT_INPUTS)} is distinct from ${tuple('new', VERDICT_INPUTS)})
    execute function dossiers_verdict_reset()`).execute(db);

  await sql`create trigger dossier_visibility_report_counters after insert or delete on dossier_visibility
    for each row execute function dossier_visibility_report_counters()`.execute(db);

  // Digitised inputs and results, from the documents.
  await sql.raw(`create function documents_report_flags() returns trigger language plpgsql as $$
    declare did uuid;
    begin
      foreach did in array array[case when tg_op <> 'DELETE' then new.dossier_id end, case when tg_op <> 'INSERT' then old.dossier_id end] loop
        continue when did is null;
        update dossiers d set docs_input = x.i, docs_result = x.r
        from (select coalesce(bool_or(kind in ('input', 'supplement')), false) as i, coalesce(bool_or(kind = 'result'), false) as r
              from documents where dossier_id = did) x
        where d.id = did and (d.docs_input, d.docs_result) is distinct from (x.i, x.r);
      end loop;
      return null;
    end $$`).execute(db);
  await sql`create trigger documents_report_flags after insert or delete or update of kind, dossier_id on documents
    for each row execute function documents_report_flags()`.execute(db);

  // Existing dossiers, once, set-based: each dossier's figures once, then to every agency that sees it.
  await sql.raw(`insert into report_counters (agency_id, procedure_id, day, ${metricCols})
    select v.agency_id, r.procedure_id, r.day, ${METRICS.map((m) => `sum(r.${m})`).join(', ')}
    from (select d.id, x.* from dossiers d cross join lateral report_rows(d) x) r join dossier_visibility v on v.dossier_id = r.id
    group by v.agency_id, r.procedure_id, r.day`).execute(db);

  // Dossiers open at a period's end: those finished after it, or not yet (the reports' per-row part).
  await sql`create index dossier_visibility_finished on dossier_visibility (agency_id, finished_at)`.execute(db);
  await sql`analyze report_counters`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossier_visibility_finished`.execute(db);
  await sql`drop trigger if exists documents_report_flags on documents`.execute(db);
  await sql`drop trigger if exists dossier_visibility_report_counters on dossier_visibility`.execute(db);
  await sql`drop trigger if exists dossiers_verdict_reset on dossiers`.execute(db);
  await sql`drop trigger if exists dossiers_report_counters on dossiers`.execute(db);
  await sql`drop function if exists documents_report_flags()`.execute(db);
  await sql`drop function if exists dossier_visibility_report_counters()`.execute(db);
  await sql`drop function if exists dossiers_verdict_reset()`.execute(db);
  await sql`drop function if exists dossiers_report_counters()`.execute(db);
  await sql`drop function if exists report_rows(dossiers)`.execute(db);
  await sql`drop table if exists report_counters`.execute(db);
  await sql`drop index if exists dossiers_verdict_pending_idx`.execute(db);
  await sql.raw(`alter table dossiers drop column report_on_time, drop column report_late_reason, drop column report_paused_ms, drop column docs_input, drop column docs_result`).execute(db);
}
