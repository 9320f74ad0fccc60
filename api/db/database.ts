/**
 * The one typed `Database` interface of the application's tables. The embedded workflow engine
 * keeps its own tables (prefix `engine_`) and types in `engine-adapter/embedded/`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamptz column with a default (optional on insert). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable timestamptz column. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;

export const AGENCY_TYPES = ['commune_centre', 'commune_unit', 'provincial_department', 'police', 'social_insurance', 'external'] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

export const ROLES = ['admin', 'procedure_controller', 'receptionist', 'specialist', 'leader', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export interface AgencyTable {
  id: string;
  code: string;
  name: string;
  type: AgencyType;
  parent_id: string | null;
  province_code: string | null;
  disabled: Generated<boolean>;
  /** Office hours (api/domain/calendar OfficeHours); null = the default. */
  office_hours: Json<unknown> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarYearTable {
  year: number;
  /** A YearTable (api/domain/calendar). */
  data: Json<unknown>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<string>;
  username: string;
  full_name: string;
  email: string | null;
  password_hash: string;
  roles: ColumnType<Role[], Role[], Role[]>;
  agency_id: string;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RefreshTokenTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  created_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  locked_until: NullableTimestamp;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string | null;
  actor_roles: ColumnType<string[], string[] | undefined, never>;
  agency_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  request_id: string | null;
  ip: string | null;
  before: Json<Record<string, unknown> | null> | null;
  after: Json<Record<string, unknown> | null> | null;
}

export interface Database {
  agencies: AgencyTable;
  users: UserTable;
  refresh_tokens: RefreshTokenTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  calendar_years: CalendarYearTable;
}

export type Agency = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type AuditRow = Selectable<AuditLogTable>;
