/**
 * Saved task-list filters: an officer names a set of task-list query parameters, for themselves or
 * shared with their agency. Each write is one transaction with its audit row.
 */
import type { Kysely } from 'kysely';
import type { Database, SavedFilter } from '../db/database.ts';
import { AppError, type Lang } from '../errors.ts';
import type { AuthUser } from '../plugins/auth.ts';
import { validateValue } from '../validation.ts';
import { writeAudit, type AuditContext } from './audit.ts';
import { TASK_LIST_FILTERS } from './task-list.ts';

type Db = Kysely<Database>;

/** The task list's query parameters (less `page`), without their defaults: a filter holds only what was chosen. */
const QUERY_SCHEMA = {
  type: 'object', additionalProperties: false,
  properties: Object.fromEntries(Object.entries({ ...TASK_LIST_FILTERS, pageSize: { type: 'integer', minimum: 1, maximum: 200 } }).map(([name, spec]) => {
    const { default: _default, ...rest } = spec as Record<string, unknown>;
    return [name, rest];
  })),
};

/** A saved filter as the API shows it. */
export function savedFilterView(f: SavedFilter & { owner_username?: string | null; owner_full_name?: string | null }, user: AuthUser) {
  return {
    id: f.id, name: f.name, query: f.query, shared: f.shared, ownerId: f.owner_id,
    ownerUsername: f.owner_username ?? null, ownerName: f.owner_full_name ?? null, mine: f.owner_id === user.id, createdAt: f.created_at.toISOString(),
  };
}

/** The user's own filters and those shared in their agency, by name. */
export async function listSavedFilters(db: Db, user: AuthUser) {
  const rows = await db.selectFrom('saved_filters').innerJoin('users', 'users.id', 'saved_filters.owner_id')
    .selectAll('saved_filters').select(['users.username as owner_username', 'users.full_name as owner_full_name'])
    .where((eb) => eb.or([eb('saved_filters.owner_id', '=', user.id), eb.and([eb('saved_filters.shared', '=', true), eb('saved_filters.agency_id', '=', user.agencyId)])]))
    .orderBy('saved_filters.name').orderBy('saved_filters.created_at').execute();
  return rows.map((r) => savedFilterView(r, user));
}

export interface NewSavedFilter {
  name: string;
  query: Record<string, unknown>;
  shared: boolean;
}

/** Saves a filter after checking its query against the task list's parameters (every bad field named). */
export async function createSavedFilter(db: Db, user: AuthUser, input: NewSavedFilter, audit: AuditContext, now: Date, lang: Lang) {
  const query = structuredClone(input.query);
  const errors = validateValue(QUERY_SCHEMA, query, lang, { coerce: true, prefix: 'query' });
  if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('saved_filters').values({
      owner_id: user.id, agency_id: user.agencyId, name: input.name.trim(), query: JSON.stringify(query), shared: input.shared, created_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, audit, { action: 'saved_filter.create', targetType: 'saved_filter', targetId: row.id, after: { name: row.name, shared: row.shared, query } });
    return savedFilterView({ ...row, owner_username: user.username, owner_full_name: user.fullName }, user);
  });
}

/** Deletes one of the user's own filters; 404 for anyone else's (shared or not) and for none. */
export async function deleteSavedFilter(db: Db, user: AuthUser, id: string, audit: AuditContext): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('saved_filters').where('id', '=', id).where('owner_id', '=', user.id).returningAll().executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    await writeAudit(tx, audit, { action: 'saved_filter.delete', targetType: 'saved_filter', targetId: id, before: { name: row.name, shared: row.shared } });
  });
}
