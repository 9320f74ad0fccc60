/**
 * What the single-dossier view adds to the dossier itself, each in one query: who holds it now
 * (its open tasks, whoever may see the dossier, unlike the narrower task list), the forms that
 * exist for its state, and its history with the names of the actors and their agencies.
 */
import type { Kysely } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import type { Calendar } from '../domain/calendar/index.ts';
import { classifyOpen, type SlaPolicy } from '../domain/sla/index.ts';
import { availableForms, type DossierFormNumber } from '../forms/available.ts';
import type { CalendarService } from './calendars.ts';
import { stateFromJson } from './dossier-codec.ts';

type Db = Kysely<Database>;

export interface Holder {
  step: string | null;
  name: string | null;
  agencyId: string | null;
  agencyName: string | null;
  assignee: { id: string; fullName: string } | null;
  candidateGroups: string[];
  /** When the task was created: since when this step holds the dossier. */
  since: string;
  dueAt: string | null;
  sla: string | null;
}

/** The dossier's open tasks, oldest first, with their agency, assignee and deadline state. */
export async function dossierHolders(db: Db, calendars: CalendarService, policy: SlaPolicy, now: Date, dossierId: string): Promise<Holder[]> {
  const rows = await db.selectFrom('tasks')
    .leftJoin('users', 'users.id', 'tasks.assignee_id')
    .leftJoin('agencies', 'agencies.id', 'tasks.agency_id')
    .select(['tasks.step', 'tasks.name', 'tasks.agency_id', 'tasks.candidate_groups', 'tasks.created_at', 'tasks.due_at', 'tasks.sla_state',
      'agencies.name as agency_name', 'users.id as user_id', 'users.full_name as user_full_name'])
    .where('tasks.dossier_id', '=', dossierId).where('tasks.state', '=', 'CREATED')
    .orderBy('tasks.created_at').orderBy('tasks.key')
    .execute();
  const calendarsByAgency = new Map<string, Promise<Calendar>>();
  const calendarOf = (id: string | null) => {
    if (!calendarsByAgency.has(id ?? '')) calendarsByAgency.set(id ?? '', calendars.forAgency(id));
    return calendarsByAgency.get(id ?? '')!;
  };
  return Promise.all(rows.map(async (r) => ({
    step: r.step,
    name: r.name,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    assignee: r.user_id ? { id: r.user_id, fullName: r.user_full_name! } : null,
    candidateGroups: r.candidate_groups,
    since: r.created_at.toISOString(),
    dueAt: r.due_at?.toISOString() ?? null,
    // As the task list computes it: live for a task with a due date, else what was stored.
    sla: r.due_at ? classifyOpen(await calendarOf(r.agency_id), r.created_at, r.due_at, now, policy.dueSoon) : r.sla_state,
  })));
}

/** The forms 01–06 that exist for the dossier now: what the forms route answers 200 for. */
export async function dossierForms(db: Db, dossier: Dossier): Promise<DossierFormNumber[]> {
  const rows = await db.selectFrom('dossier_history').select('action').distinct().where('dossier_id', '=', dossier.id).execute();
  return availableForms(stateFromJson(dossier.state), rows.map((r) => r.action));
}

/** The dossier's history, oldest first, naming each actor (null: the system or the applicant) and their agency. */
export async function dossierHistory(db: Db, dossierId: string) {
  const rows = await db.selectFrom('dossier_history')
    .leftJoin('users', 'users.id', 'dossier_history.actor_id')
    .leftJoin('agencies', 'agencies.id', 'dossier_history.agency_id')
    .selectAll('dossier_history')
    .select(['users.full_name as actor_name', 'agencies.name as agency_name'])
    .where('dossier_history.dossier_id', '=', dossierId)
    .orderBy('dossier_history.id')
    .execute();
  return rows.map((r) => ({
    action: r.action, fromStatus: r.from_status, toStatus: r.to_status, at: r.at.toISOString(),
    actorId: r.actor_id, actorName: r.actor_name, agencyId: r.agency_id, agencyName: r.agency_name, details: r.details,
  }));
}
