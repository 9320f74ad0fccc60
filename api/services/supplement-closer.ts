/**
 * Closes dossiers whose applicant did not supplement in time (Decree 118 Art. 19.5: 15 days): each
 * in its own transaction with its history, outbox event and audit row, acted by the system.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CalendarService } from './calendars.ts';
import type { Clock } from './clock.ts';
import { runAction } from './dossier-actions.ts';
import { DEFAULT_SLA_POLICY } from '../domain/sla/index.ts';

const SYSTEM = { actorId: null, actorUsername: 'system', actorRoles: ['system'], agencyId: null, requestId: null, ip: null };

/**
 * Closes every dossier past its supplement deadline; returns their codes. Only those are selected
 * (index `dossiers_supplement_due_idx`: the deadline is ISO text in `state`, which orders as time),
 * not every dossier waiting for a supplement; each is checked again under its row lock.
 */
export async function closeExpiredSupplements(db: Kysely<Database>, calendars: CalendarService, clock: Clock): Promise<string[]> {
  const now = clock.now();
  const waiting = await db.selectFrom('dossiers').select(['id', 'code']).where('status', '=', 'supplement_requested')
    .where(sql<string>`state->>'supplementDueAt'`, '<', now.toISOString()).orderBy(sql`state->>'supplementDueAt'`).execute();
  const closed: string[] = [];
  for (const { id, code } of waiting) {
    const done = await db.transaction().execute(async (tx) => {
      const dossier = await tx.selectFrom('dossiers').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const due = (dossier.state as { supplementDueAt?: string | null }).supplementDueAt;
      if (dossier.status !== 'supplement_requested' || !due || new Date(due) >= now) return false;
      await runAction(tx, {
        dossier, action: 'close_unsupplemented', body: {}, user: { id: '', roles: [] }, actor: { id: null, roles: ['system'] },
        audit: SYSTEM, now, calendars, policy: DEFAULT_SLA_POLICY, lang: 'vi',
      });
      return true;
    });
    if (done) closed.push(code);
  }
  return closed;
}
