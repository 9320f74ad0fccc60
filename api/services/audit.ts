/**
 * The audit log: one append-only row per state change, written in the same transaction as the
 * change. Before/after are short summaries; callers never pass secrets (use `summarize`).
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

/** Who did it, from where: taken from the authenticated request. */
export interface AuditContext {
  actorId: string | null;
  actorUsername: string | null;
  actorRoles: string[];
  agencyId: string | null;
  requestId: string | null;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** The agency whose records this concerns, when not the actor's. */
  agencyId?: string | null;
}

const SECRET_KEYS = /pass(word)?|secret|token|hash|api_?key/i;

/** Copies an object without secret-looking keys, for the before/after columns. */
export function summarize(obj: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!obj) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!SECRET_KEYS.test(k)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

/** The column values of an audit row. */
export function auditValues(ctx: AuditContext, entry: AuditEntry) {
  return {
    actor_id: ctx.actorId,
    actor_username: ctx.actorUsername,
    actor_roles: ctx.actorRoles,
    agency_id: entry.agencyId ?? ctx.agencyId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    request_id: ctx.requestId,
    ip: ctx.ip,
    before: entry.before ? JSON.stringify(summarize(entry.before)) : null,
    after: entry.after ? JSON.stringify(summarize(entry.after)) : null,
  };
}

/** Appends one audit row inside the given transaction. */
export async function writeAudit(tx: Kysely<Database> | Transaction<Database>, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await tx.insertInto('audit_log').values(auditValues(ctx, entry)).execute();
}

/** The columns `auditRowPer` selects, in its order. */
export const AUDIT_COLUMNS = ['actor_id', 'actor_username', 'actor_roles', 'agency_id', 'action', 'target_type', 'target_id', 'request_id', 'ip', 'before', 'after'] as const;

/**
 * The audit row of `entry` once per row of the common table `change` (a change's `returning`), for
 * `insertInto('audit_log').columns(AUDIT_COLUMNS).expression(…)`: the change and its audit row in one
 * statement, so in one transaction without a round trip for each; no row changed, no audit row.
 */
export function auditRowPer(change: string, ctx: AuditContext, entry: AuditEntry): RawBuilder<unknown> {
  const v = auditValues(ctx, entry);
  return sql`select ${v.actor_id}::uuid, ${v.actor_username}::text, ${v.actor_roles}::text[], ${v.agency_id}::text, ${v.action}::text,
    ${v.target_type}::text, ${v.target_id}::text, ${v.request_id}::text, ${v.ip}::text, ${v.before}::jsonb, ${v.after}::jsonb from ${sql.table(change)}`;
}
