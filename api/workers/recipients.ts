/**
 * Who a `notify` job addresses (`recipients` header): `assignee` (of the step's open task; its
 * candidate group in the task's agency when nobody claimed it), `specialist` / `leader` (of the
 * step's agency, else the handling agency), `receptionist` and `supervisor` (of the receiving
 * agency), `applicant` (no account: one row with no user).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';

/** One resolved recipient. */
export interface Recipient {
  role: string;
  /** Null for the applicant. */
  userId: string | null;
  /** The agency whose calendar governs delivery. */
  agencyId: string;
  taskKey: string | null;
}

async function usersWithRole(db: Kysely<Database>, agencyId: string, roles: string[]): Promise<string[]> {
  if (!roles.length) return [];
  const rows = await db.selectFrom('users').select('id').where('agency_id', '=', agencyId).where('disabled', '=', false)
    .where((eb) => eb.or(roles.map((r) => sql<boolean>`${r} = any(roles)`))).orderBy('username').execute();
  return rows.map((r) => r.id);
}

async function openTask(db: Kysely<Database>, dossier: Dossier, step: string | undefined) {
  if (!step) return undefined;
  return db.selectFrom('tasks').select(['key', 'assignee_id', 'agency_id', 'candidate_groups'])
    .where('dossier_id', '=', dossier.id).where('step', '=', step).where('state', '=', 'CREATED').orderBy('created_at', 'desc').executeTakeFirst();
}

/** Resolves the recipients of a notify job, in header order, without repeating a user. */
export async function resolveRecipients(db: Kysely<Database>, dossier: Dossier, header: string, step: string | undefined): Promise<Recipient[]> {
  const task = await openTask(db, dossier, step);
  const stepAgency = task?.agency_id ?? dossier.handling_agency_id ?? dossier.receiving_agency_id;
  const out: Recipient[] = [];
  const seen = new Set<string>();
  const add = (role: string, agencyId: string, ids: string[]) => {
    for (const userId of ids) if (!seen.has(userId)) {
      seen.add(userId);
      out.push({ role, userId, agencyId, taskKey: task?.key ?? null });
    }
  };
  for (const role of header.split(',').map((r) => r.trim()).filter(Boolean)) {
    if (role === 'applicant') out.push({ role, userId: null, agencyId: dossier.receiving_agency_id, taskKey: null });
    else if (role === 'assignee') {
      if (task?.assignee_id) add(role, stepAgency, [task.assignee_id]);
      else if (task) add(role, stepAgency, await usersWithRole(db, stepAgency, task.candidate_groups));
    } else if (role === 'specialist' || role === 'leader') add(role, stepAgency, await usersWithRole(db, stepAgency, [role]));
    else if (role === 'receptionist' || role === 'supervisor') add(role, dossier.receiving_agency_id, await usersWithRole(db, dossier.receiving_agency_id, [role]));
  }
  return out;
}
