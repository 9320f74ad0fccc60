/**
 * Report II.06a/VPCP/KSTT (DOMAIN.md §5) for a period of local (UTC+7) days and an agency subtree,
 * by field, counted in one grouped query:
 * - received: in the period online, in person or by post, and carried over (received before the
 *   period, not finished before it); total = the three;
 * - resolved in the period: early (on a day before the due day), on time (on the due day, not after
 *   the due instant), late (after it);
 * - in progress at the end of the period (or now, if sooner): within the due date, or overdue (a
 *   dossier waiting for a supplement has its clock stopped: within).
 * Dossiers refused at reception or stopped are not counted. A dossier is the scope's when one of
 * its agencies (receiving, handling, handed to) is in the subtree.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError, type Lang } from '../errors.ts';

const DAY_MS = 86_400_000;
const MAX_DAYS = 5 * 366;

export interface Ii06aFigures {
  received: { total: number; online: number; offline: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  inProgress: { total: number; withinDue: number; overdue: number };
}

export interface Ii06aReport {
  period: { from: string; to: string };
  agency: { id: string; name: string };
  asOf: string;
  rows: Array<{ field: string } & Ii06aFigures>;
  total: Ii06aFigures;
}

/** The period's instants: [start, end) of the local days `from`..`to`; 400 naming the field when wrong. */
export function periodOf(from: string, to: string, lang: Lang): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + DAY_MS);
  const bad = (field: string, vi: string, en: string) => new AppError('VALIDATION_FAILED', [{ field, message: lang === 'vi' ? vi : en }]);
  if (Number.isNaN(start.getTime())) throw bad('from', 'không phải ngày hợp lệ', 'is not a valid date');
  if (Number.isNaN(end.getTime())) throw bad('to', 'không phải ngày hợp lệ', 'is not a valid date');
  if (end <= start) throw bad('from', 'phải không sau ngày kết thúc (to)', 'must not be after to');
  if ((end.getTime() - start.getTime()) / DAY_MS > MAX_DAYS) throw bad('to', 'kỳ báo cáo không được dài quá 5 năm', 'the period must not be longer than five years');
  return { start, end };
}

type Counted = Record<'carried' | 'online' | 'offline' | 'resolved' | 'early' | 'on_time' | 'late' | 'open' | 'open_overdue', string | number>;

const figures = (r: Counted): Ii06aFigures => {
  const n = (k: keyof Counted) => Number(r[k]);
  return {
    received: { total: n('carried') + n('online') + n('offline'), online: n('online'), offline: n('offline'), carriedOver: n('carried') },
    resolved: { total: n('resolved'), early: n('early'), onTime: n('on_time'), late: n('late') },
    inProgress: { total: n('open'), withinDue: n('open') - n('open_overdue'), overdue: n('open_overdue') },
  };
};

/** Counts the report. */
export async function reportIi06a(db: Kysely<Database>, args: { agency: { id: string; name: string }; scope: string[]; from: string; to: string; start: Date; end: Date; now: Date }): Promise<Ii06aReport> {
  const { start, end } = args;
  const asOf = args.now < end ? args.now : end;
  const localDay = (col: string) => sql`((${sql.ref(col)} at time zone 'UTC') + interval '7 hours')::date`;
  const done = sql`d.finished_at < ${end}`;
  const open = sql`(d.finished_at is null or d.finished_at >= ${end})`;
  const rows = await sql<Counted & { field: string }>`
    select p.field,
      count(*) filter (where d.received_at < ${start}) as carried,
      count(*) filter (where d.received_at >= ${start} and d.channel = 'online') as online,
      count(*) filter (where d.received_at >= ${start} and d.channel <> 'online') as offline,
      count(*) filter (where ${done}) as resolved,
      count(*) filter (where ${done} and d.finished_at > d.judged_due) as late,
      count(*) filter (where ${done} and d.finished_at <= d.judged_due and ${localDay('d.finished_at')} < ${localDay('d.judged_due')}) as early,
      count(*) filter (where ${done} and (d.judged_due is null or (d.finished_at <= d.judged_due and ${localDay('d.finished_at')} >= ${localDay('d.judged_due')}))) as on_time,
      count(*) filter (where ${open}) as open,
      count(*) filter (where ${open} and d.judged_due < ${asOf} and d.status <> 'supplement_requested') as open_overdue
    -- Judged against the extended due date, or the original one when the extension came after the
    -- Art. 19.6 notice deadline (api/domain/sla/judged-due.ts).
    from (select dossiers.*, case when (dossiers.state->>'extensionLate')::boolean and dossiers.original_due_at is not null
            then dossiers.original_due_at else dossiers.due_at end as judged_due from dossiers) d
      join procedures p on p.id = d.procedure_id
    where d.received_at is not null and d.received_at < ${end} and (d.finished_at is null or d.finished_at >= ${start})
      and d.status not in ('refused', 'stopped')
      and exists (select 1 from dossier_agencies da where da.dossier_id = d.id and da.agency_id in (${sql.join(args.scope)}))
    group by p.field order by p.field`.execute(db);
  const list = rows.rows.map((r) => ({ field: r.field, ...figures(r) }));
  const sum = Object.fromEntries(['carried', 'online', 'offline', 'resolved', 'early', 'on_time', 'late', 'open', 'open_overdue']
    .map((k) => [k, rows.rows.reduce((s, r) => s + Number(r[k as keyof Counted]), 0)])) as Counted;
  return { period: { from: args.from, to: args.to }, agency: args.agency, asOf: asOf.toISOString(), rows: list, total: figures(sum) };
}
