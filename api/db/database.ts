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

/**
 * Roles. `integration` is a machine account (an external job worker, a system that publishes messages):
 * it reaches only the routes that name it, never those open to every signed-in person.
 */
export const ROLES = ['admin', 'procedure_controller', 'receptionist', 'specialist', 'leader', 'supervisor', 'integration'] as const;
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
  /** Place name printed on forms, e.g. "Xã Demo". */
  place: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Work phone, printed on the supplement request (form 02); migration 2026120504. */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
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

/** A login: the family of its refresh tokens; access tokens name it (`sid`) and die with it. */
export interface SessionTable {
  id: string;
  user_id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
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

export interface ProcedureTable {
  id: string;
  national_code: string | null;
  name_vi: string;
  name_en: string;
  field: string;
  /** TimeLimit (api/domain/calendar). */
  legal_limit: Json<unknown>;
  fees: ColumnType<unknown, string | undefined, string>;
  required_documents: ColumnType<unknown, string | undefined, string>;
  online_level: string;
  process_id: string;
  form_schema_id: string;
  /** The agency type that appraises and decides (the dossier is handed to such an agency). */
  handling_agency_type: ColumnType<AgencyType, AgencyType | undefined, AgencyType>;
  extra: ColumnType<Record<string, unknown>, string | undefined, string>;
  active: Generated<boolean>;
  updated_at: Timestamp;
}

export interface DossierCodeCounterTable {
  agency_id: string;
  day: string;
  last: number;
}

export interface DossierTable {
  id: Generated<string>;
  code: string;
  procedure_id: string;
  receiving_agency_id: string;
  handling_agency_id: string | null;
  status: string;
  channel: string;
  applicant: Json<Record<string, unknown>>;
  applicant_name: string;
  /** `fold_vi(applicant_name)`, generated (migration 2026120101): lower case, no diacritics, for search. */
  applicant_name_folded: ColumnType<string, never, never>;
  applicant_id_number: string | null;
  /** The deadline the reminder pass last reminded of, and whether that was the overdue one (migration 2026120804). */
  reminded_due_at: ColumnType<Date | null, never, Date | string | null>;
  reminded_overdue: ColumnType<boolean, never, boolean>;
  /** The deadline the reminder pass last found not yet due soon, and when it looks again (migration 2026121002). */
  remind_check_due: ColumnType<Date | null, never, Date | string | null>;
  remind_check_at: ColumnType<Date | null, never, Date | string | null>;
  /** The `remind_basis.version` that check was computed on (migration 2026121101). */
  remind_check_basis: ColumnType<number | null, never, number | null>;
  form_data: Json<Record<string, unknown>>;
  /** DossierState (api/domain/dossier), dates as ISO strings. */
  state: Json<Record<string, unknown>>;
  submitted_at: ColumnType<Date, Date | string, Date | string>;
  received_at: NullableTimestamp;
  due_at: NullableTimestamp;
  /** The due date before the one extension (Art. 19.6); null when never extended. */
  original_due_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  process_instance_key: string | null;
  /** When the engine bridge first asked the engine for this dossier's instance (set before the call). */
  process_start_requested_at: NullableTimestamp;
  /** The Decision 766 verdict of a finished dossier (migration 2026120701); null until the worker computes it. */
  report_on_time: ColumnType<boolean | null, never, boolean | null>;
  report_late_reason: ColumnType<string | null, never, string | null>;
  report_paused_ms: ColumnType<string | number | null, never, number | null>;
  /** Digitised inputs / results exist (kept from `documents` by a trigger). */
  docs_input: ColumnType<boolean, never, never>;
  docs_result: ColumnType<boolean, never, never>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * Explicit routing (migration 2026120405): the agency that decides what `receiving_agency_id` receives,
 * by default for a handling agency type or for one procedure (exactly one of the two is set).
 */
export interface AgencyRouteTable {
  receiving_agency_id: string;
  handling_agency_type: AgencyType | null;
  procedure_id: string | null;
  deciding_agency_id: string;
  updated_at: Timestamp;
}

/** A province-set fee (migration 2026120504): its amount in one province (a top-level agency). */
export interface ProvinceFeeTable {
  province_id: string;
  procedure_id: string;
  amount_vnd: number;
  note: string | null;
  legal_basis: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** The last document number an agency gave in a year (forms 04 and 05; migration 2026120504). */
export interface DocumentCounterTable {
  agency_id: string;
  year: number;
  last_number: number;
}

/** A numbered document an agency issued for a dossier (form 04 or 05; migration 2026120504). */
export interface IssuedDocumentTable {
  id: Generated<string>;
  agency_id: string;
  year: number;
  number: number;
  form: '04' | '05';
  dossier_id: string;
  signer_id: string | null;
  details: Json<Record<string, unknown>>;
  issued_at: ColumnType<Date, Date | string, Date | string>;
}

export interface DossierAgencyTable {
  dossier_id: string;
  agency_id: string;
  role: 'receiving' | 'handling' | 'handoff';
  since: ColumnType<Date, Date | string, Date | string>;
}

/** Maintained by triggers (migration 2026120602): a dossier per agency that may see it, with its list keys. */
export interface DossierVisibilityTable {
  agency_id: string;
  dossier_id: string;
  status: string;
  procedure_id: string;
  code: string;
  due_at: Date | null;
  received_at: Date | null;
  submitted_at: Date;
  finished_at: Date | null;
}

/** A completed step's outcome (migration 2026120604): what later decisions read. */
export interface DossierStepOutcomeTable {
  id: Generated<string>;
  dossier_id: string;
  step: string;
  outcome: string | null;
  note: string | null;
  task_key: string;
  completed_at: ColumnType<Date, Date | string, Date | string>;
  completed_by: string | null;
}

export interface DossierHistoryTable {
  id: Generated<string>;
  dossier_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  at: ColumnType<Date, Date | string, Date | string>;
  actor_id: string | null;
  agency_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface DocumentTable {
  id: Generated<string>;
  dossier_id: string;
  kind: 'input' | 'supplement' | 'result';
  type_code: string;
  title: string;
  metadata: Json<Record<string, unknown>>;
  file_name: string;
  mime_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  key: string | null;
  payload: Json<Record<string, unknown>>;
  created_at: ColumnType<Date, Date | string, Date | string>;
  available_at: ColumnType<Date, Date | string, Date | string>;
  attempts: Generated<number>;
  processed_at: NullableTimestamp;
  dead_at: NullableTimestamp;
  last_error: string | null;
  /** How a handled event ended when it did nothing, e.g. `skipped: dossier stopped` (null: delivered). */
  outcome: string | null;
}

export interface TaskTable {
  /** The engine's user task key (`user_task`), or `handoff:<id>` for a handoff to an internal agency. */
  key: string;
  kind: ColumnType<'user_task' | 'handoff', 'user_task' | 'handoff' | undefined, 'user_task' | 'handoff'>;
  process_instance_key: string;
  bpmn_process_id: string;
  element_id: string;
  name: string | null;
  step: string | null;
  dossier_id: string | null;
  dossier_code: string | null;
  agency_id: string | null;
  /** The dossier's procedure and status, on open tasks (kept by triggers, migration 2026120704). */
  procedure_id: ColumnType<string | null, never, never>;
  dossier_status: ColumnType<string | null, never, never>;
  candidate_groups: ColumnType<string[], string[] | undefined, string[]>;
  assignee_id: string | null;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED';
  due_at: NullableTimestamp;
  sla_state: string | null;
  priority: ColumnType<number, number | undefined, number>;
  form_key: string | null;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: ColumnType<Date, Date | string, Date | string>;
  completed_at: NullableTimestamp;
  completed_by: string | null;
  /** Stamped by a trigger on every write that changes the task (migration 2026120101); never written. */
  change_seq: ColumnType<string | number, never, never>;
  /** What that write changed: created, claimed, unclaimed, handoff, completed, canceled or updated. */
  change: ColumnType<TaskChange, never, never>;
  /** The deadline of the last reminder sent for this task (migration 2026120703); the reminder pass writes it. */
  reminded_due_at: ColumnType<Date | null, never, Date | string | null>;
  /** Whether that reminder was the overdue one: nothing more is due until the deadline moves. */
  reminded_overdue: ColumnType<boolean, never, boolean>;
  /** The deadline the reminder pass last found not yet due soon, and when it looks again (migration 2026121002). */
  remind_check_due: ColumnType<Date | null, never, Date | string | null>;
  remind_check_at: ColumnType<Date | null, never, Date | string | null>;
  /** The `remind_basis.version` that check was computed on (migration 2026121101). */
  remind_check_basis: ColumnType<number | null, never, number | null>;
}

/** Running open tasks per agency, procedure, step, step name and SLA class (migrations 2026120801, 2026121801; kept by triggers on `tasks`). */
export interface OpenStepCountTable {
  agency_id: string;
  procedure_id: string;
  /** `coalesce(tasks.step, tasks.element_id)`. */
  step: string;
  step_name: string | null;
  /** `none` (no due date), `unset` (not classified yet), else the task's `sla_state`: `in_time`, `due_soon`, `overdue`. */
  sla_class: 'none' | 'unset' | 'in_time' | 'due_soon' | 'overdue';
  n: number;
}

/** Running open tasks per dossier (migration 2026120801; kept by triggers on `tasks`). */
export interface DossierOpenStepTable {
  dossier_id: string;
  n: number;
}

/** What a write changed in a task (`tasks.change`). */
export type TaskChange = 'created' | 'claimed' | 'unclaimed' | 'handoff' | 'completed' | 'canceled' | 'updated';

/** A saved task-list filter (migration 2026120102). */
export interface SavedFilterTable {
  id: Generated<string>;
  owner_id: string;
  agency_id: string;
  name: string;
  /** Query parameters of `GET /api/tasks`. */
  query: Json<Record<string, unknown>>;
  shared: Generated<boolean>;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

/** One satisfaction rating per dossier (migration 2026120500). */
export interface DossierRatingTable {
  dossier_id: string;
  agency_id: string;
  procedure_id: string;
  channel: 'lookup' | 'kiosk' | 'paper';
  /** Criterion key → grade. */
  scores: Json<Record<string, string>>;
  /** Any criterion graded "not satisfied". */
  dissatisfied: boolean;
  comment: string | null;
  rated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ProcessVersionTable {
  id: Generated<string>;
  procedure_id: string;
  bpmn_process_id: string;
  version: number;
  process_definition_key: string;
  resource_name: string;
  sha256: string;
  xml: string;
  source: 'shipped' | 'upload';
  warnings: ColumnType<unknown[], string | undefined, string>;
  published_by: string | null;
  published_at: ColumnType<Date, Date | string, Date | string>;
  /** The controller's comment on the version (migration 2026120507); null when none. */
  comment: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  agencies: AgencyTable;
  users: UserTable;
  refresh_tokens: RefreshTokenTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  calendar_years: CalendarYearTable;
  procedures: ProcedureTable;
  dossier_code_counters: DossierCodeCounterTable;
  dossiers: DossierTable;
  dossier_agencies: DossierAgencyTable;
  dossier_visibility: DossierVisibilityTable;
  /** Per row of `dossier_visibility`, the applicant's folded name, for the name search (migration 2026120803). */
  dossier_names: { agency_id: string; dossier_id: string; name: string };
  dossier_step_outcomes: DossierStepOutcomeTable;
  agency_routes: AgencyRouteTable;
  dossier_history: DossierHistoryTable;
  documents: DocumentTable;
  outbox: OutboxTable;
  tasks: TaskTable;
  open_step_counts: OpenStepCountTable;
  /** What the triggers on `tasks` add to `open_step_counts` (`n` = ±1) until `open_step_counts_rollup()` folds it in. */
  open_step_deltas: OpenStepCountTable;
  dossier_open_steps: DossierOpenStepTable;
  handoffs: HandoffTable;
  notifications: NotificationTable;
  process_versions: ProcessVersionTable;
  saved_filters: SavedFilterTable;
  dossier_ratings: DossierRatingTable;
  province_fees: ProvinceFeeTable;
  document_counters: DocumentCounterTable;
  issued_documents: IssuedDocumentTable;
  applicant_deliveries: ApplicantDeliveryTable;
  /** One row: the version of what reminder checks are computed on, and the SLA policy's fingerprint (migration 2026121101). */
  remind_basis: {
    id: ColumnType<number, never, never>; version: number; policy: string; changed_at: Timestamp;
    /** The version the SLA sweep last classified every open task on; null before the first (migration 2026121201). */
    sla_classified: number | null;
    /** The version the reminder pass last walked every pending row on; null before the first (migration 2026121301). */
    reminders_walked: number | null;
  };
}

export type Agency = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type Procedure = Selectable<ProcedureTable>;
export type Dossier = Selectable<DossierTable>;
export type Task = Selectable<TaskTable>;
export type SavedFilter = Selectable<SavedFilterTable>;

/** The webhook columns of `agencies` (migration 2026112605); read with `db.withTables<{ agencies: AgencyWebhookTable }>()`. */
export interface AgencyWebhookTable extends AgencyTable {
  /** Set: the agency is external and receives handoffs by a signed POST to this URL. */
  webhook_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** HMAC-SHA256 secret of the webhook and callbacks; never logged or returned. */
  webhook_secret: ColumnType<string | null, string | null | undefined, string | null>;
  /** SHA-256 (hex) of the agency's API key for callbacks. */
  api_key_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface HandoffTable {
  id: Generated<string>;
  dossier_id: string;
  dossier_code: string;
  process_instance_key: string;
  element_instance_key: string;
  target_role: string;
  source_agency_id: string;
  target_agency_id: string;
  mode: 'internal' | 'external';
  purpose: string | null;
  state: 'sent' | 'delivered' | 'answered' | 'failed';
  sent_at: ColumnType<Date, Date | string, Date | string>;
  due_at: ColumnType<Date, Date | string, Date | string>;
  delivered_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  outcome: string | null;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  result_hash: string | null;
  answered_by: string | null;
}

export interface NotificationTable {
  id: Generated<string>;
  /** Null: a notification to the applicant (no account). */
  user_id: string | null;
  kind: string;
  dossier_code: string | null;
  task_key: string | null;
  /** The agency whose calendar decides when it may be delivered. */
  agency_id: string | null;
  title_vi: string;
  title_en: string;
  body_vi: string;
  body_en: string;
  dedupe_key: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  deliver_at: ColumnType<Date, Date | string, Date | string>;
  delivered_at: NullableTimestamp;
  read_at: NullableTimestamp;
  emailed_at: NullableTimestamp;
}

/** A message to the applicant on one channel and its delivery attempts (migration 2026120501). */
export interface ApplicantDeliveryTable {
  id: Generated<string>;
  dossier_id: string;
  dossier_code: string;
  kind: 'receipt' | 'supplement' | 'result' | 'extension';
  channel: 'email' | 'sms' | 'none';
  /** The e-mail address or phone number as the form gave it; never returned unmasked. */
  address: string | null;
  status: 'queued' | 'sent' | 'failed' | 'no-channel';
  attempts: Generated<number>;
  last_error: string | null;
  provider_message_id: string | null;
  facts: Json<Record<string, unknown>>;
  dedupe_key: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  sent_at: NullableTimestamp;
}

export type ApplicantDelivery = Selectable<ApplicantDeliveryTable>;
export type Handoff = Selectable<HandoffTable>;
export type Notification = Selectable<NotificationTable>;
