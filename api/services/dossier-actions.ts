/**
 * One lifecycle action on a stored dossier, inside the caller's transaction: the dates the law
 * fixes are computed with the agency's calendar, the state machine checks the step, and the
 * result is written with its history, outbox event and audit row. Used by the dossier routes and
 * by the task list.
 */
import type { Transaction } from 'kysely';
import type { Database, Dossier, Role } from '../db/database.ts';
import { AppError, type Lang } from '../errors.ts';
import { dueAt, type Calendar, type TimeLimit } from '../domain/calendar/index.ts';
import { applyTransition, CORRECTION_WINDOW_WORKING_DAYS, type Actor, type DossierAction, type DossierState } from '../domain/dossier/index.ts';
import { supplementDeadline, type SlaPolicy } from '../domain/sla/index.ts';
import type { AuditContext } from './audit.ts';
import type { CalendarService } from './calendars.ts';
import { stateFromJson } from './dossier-codec.ts';
import { actorOf, commitTransition } from './dossiers.ts';
import { workingDaysBetween } from './working-days.ts';
import { issueDocumentOf } from './document-register.ts';

/** What an input builder knows. */
export interface ActionEnv {
  calendar: Calendar;
  limit: TimeLimit;
  state: DossierState;
  now: Date;
  policy: SlaPolicy;
}

type Builder = (body: Record<string, any>, env: ActionEnv) => Record<string, unknown>;

/** Actions whose input needs computed dates; the others take the body as it is. */
export const INPUT_BUILDERS: Partial<Record<DossierAction, Builder>> = {
  accept: (_b, e) => ({ dueAt: dueAt(e.calendar, e.now, e.limit) }),
  request_supplement: (b, e) => ({ items: b.items, reason: b.reason, supplementDueAt: supplementDeadline(e.calendar, e.now, e.policy) }),
  // The time limit restarts from zero when the complete supplement arrives (Art. 19.5).
  receive_supplement: (_b, e) => (e.state.receivedAt ? { dueAt: dueAt(e.calendar, e.now, e.limit) } : {}),
  extend: (b) => ({ newDueAt: new Date(b.newDueAt), reason: b.reason }),
  // Art. 23: due 3 working days after the error was reported or found (default: now).
  correct_result: (b, e) => {
    const reportedAt = b.reportedAt === undefined ? e.now : new Date(b.reportedAt);
    const valid = !Number.isNaN(reportedAt.getTime());
    return { description: b.description, reportedAt, dueAt: valid ? dueAt(e.calendar, reportedAt, { kind: 'workingDays', days: CORRECTION_WINDOW_WORKING_DAYS }) : reportedAt };
  },
};

export interface RunActionArgs {
  dossier: Dossier;
  action: DossierAction;
  body: Record<string, unknown>;
  user: { id: string; roles: Role[] };
  /** Overrides the actor derived from `user` (the system acting on a deadline). */
  actor?: Actor;
  audit: AuditContext;
  now: Date;
  calendars: CalendarService;
  policy: SlaPolicy;
  lang: Lang;
}

/** Applies an action to a dossier locked by the caller; throws the state machine's error as an API error. */
export async function runAction(tx: Transaction<Database>, args: RunActionArgs): Promise<Dossier> {
  const { dossier, action, body, now } = args;
  const procedure = await tx.selectFrom('procedures').select('legal_limit').where('id', '=', dossier.procedure_id).executeTakeFirstOrThrow();
  const calendar = await args.calendars.forAgency(dossier.receiving_agency_id, tx);
  const state = stateFromJson(dossier.state);
  const env: ActionEnv = { calendar, limit: procedure.legal_limit as TimeLimit, state, now, policy: args.policy };
  const build = INPUT_BUILDERS[action];
  const input = { ...(build ? build(body, env) : body), actor: args.actor ?? actorOf(args.user) };
  const result = applyTransition(state, action, input as never, now, { workingDaysBetween: workingDaysBetween(calendar) });
  if (!result.ok) throw AppError.fromDomain(result.error, result.error.field ? [{ field: result.error.field, message: result.error[args.lang] }] : undefined);
  const updated = await commitTransition(tx, { dossier, next: result.next, event: result.event, audit: args.audit, now, details: body });
  // Forms 04 and 05 are numbered from the issuing agency's register in this same transaction.
  await issueDocumentOf(tx, updated, action, args.audit, now, result.event.payload as Record<string, unknown>);
  return updated;
}
