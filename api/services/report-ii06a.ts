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
 * its agencies (receiving, handling, handed to) is in the subtree: when the subtree's root may see it
 * (`dossier_visibility`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError, type Lang } from '../errors.ts';
import type { CalendarService } from './calendars.ts';
import { counterSums } from './report-counters.ts';
import { openAtEndOf } from './report-open.ts';

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

type Counted = Record<'carried' | 'online' | 'offline' | 'resolved' | 'early' | 'on_time' | 'late' | 'open' | 'open_overdue', number>;

const figures = (r: Counted): Ii06aFigures => ({
  received: { total: r.carried + r.online + r.offline, online: r.online, offline: r.offline, carriedOver: r.carried },
  resolved: { total: r.resolved, early: r.early, onTime: r.on_time, late: r.late },
  inProgress: { total: r.open, withinDue: r.open - r.open_overdue, overdue: r.open_overdue },
});

/**
 * Counts the report: what is fixed once it happens from the agency's report counters (receipts by
 * channel, finishes by class; carried over = received before the period − finished before it; open at
 * the end = the same at the end), and the overdue ones among the dossiers open at the end (or now),
 * which depends on the moment (`report-open.ts`: stored when the day ended, or read live).
 */
export async function reportIi06a(db: Kysely<Database>, calendars: CalendarService, args: { agency: { id: string; name: string }; from: string; to: string; start: Date; end: Date; now: Date }): Promise<Ii06aReport> {
  const { end } = args;
  const asOf = args.now < end ? args.now : end;
  const sums = await counterSums(db, args.agency.id, args.from, args.to);
  // Judged against the extended due date, or the original one when the extension came after the
  // Art. 19.6 notice deadline (api/domain/sla/judged-due.ts); stored when the day ended, or read live.
  const { tallies } = await openAtEndOf(db, calendars, { agencyId: args.agency.id, to: args.to, end, asOf, sums, verdicts: false });
  const fields = new Map((await sql<{ id: string; field: string }>`select id, field from procedures`.execute(db)).rows.map((r) => [r.id, r.field]));
  const overdue = [...tallies.entries()].filter(([id, x]) => x.overdue > 0 && fields.has(id)).map(([id, x]) => ({ field: fields.get(id)!, n: x.overdue }));
  const byField = new Map<string, Counted>();
  const zero = (): Counted => ({ carried: 0, online: 0, offline: 0, resolved: 0, early: 0, on_time: 0, late: 0, open: 0, open_overdue: 0 });
  for (const { field, before: b, within: w } of sums) {
    const c = byField.get(field) ?? zero();
    const carried = b.rec_online + b.rec_offline - b.resolved;
    c.carried += carried; c.online += w.rec_online; c.offline += w.rec_offline;
    c.resolved += w.resolved; c.early += w.early; c.on_time += w.on_time; c.late += w.late;
    c.open += carried + w.rec_online + w.rec_offline - w.resolved;
    byField.set(field, c);
  }
  for (const r of overdue) {
    const c = byField.get(r.field) ?? zero();
    c.open_overdue += Number(r.n);
    byField.set(r.field, c);
  }
  // A field is listed when the period has a dossier of it: carried over or received.
  const counted = [...byField.entries()].filter(([, c]) => c.carried + c.online + c.offline > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const list = counted.map(([field, c]) => ({ field, ...figures(c) }));
  const sum = zero();
  for (const [, c] of counted) for (const k of Object.keys(sum) as Array<keyof Counted>) sum[k] += c[k];
  return { period: { from: args.from, to: args.to }, agency: args.agency, asOf: asOf.toISOString(), rows: list, total: figures(sum) };
}
