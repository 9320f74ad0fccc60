/** The user view returned by the API: never the password hash. */
import type { User } from '../db/database.ts';

export function userView(u: User) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    email: u.email,
    phone: u.phone ?? null,
    roles: u.roles,
    agencyId: u.agency_id,
    disabled: u.disabled,
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
  };
}

export const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, username: { type: 'string' }, fullName: { type: 'string' }, email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'string' } }, agencyId: { type: 'string' }, disabled: { type: 'boolean' },
    createdAt: { type: 'string' }, updatedAt: { type: 'string' },
  },
} as const;
