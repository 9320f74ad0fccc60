/**
 * The embedded engine's own migration set: tables prefixed `engine_`, tracked in `engine_migration`,
 * independent of the application's migrations so the engine can be used on its own.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { decisionsMigration } from './dmn/tables.ts';
import { createVariableKeyIndex } from './variable-key-index.ts';

const TABLES = `
create sequence engine_key_seq start with 1000 increment by 10000;
create table engine_process_definition (
  key bigint primary key, bpmn_process_id text not null, version int not null, checksum text not null,
  resource_name text not null, xml text not null, deployed_at timestamptz not null, unique (bpmn_process_id, version));
create table engine_process_instance (
  key bigint primary key, process_definition_key bigint not null, bpmn_process_id text not null, version int not null,
  state text not null, doc jsonb not null, parent_instance_key bigint, parent_element_instance_key bigint,
  started_at timestamptz not null, ended_at timestamptz);
create index engine_process_instance_active on engine_process_instance (process_definition_key) where state = 'ACTIVE';
create table engine_job (
  key bigint primary key, type text not null, state text not null, retries int not null, due_at timestamptz not null,
  worker text, process_instance_key bigint not null, element_instance_key bigint not null, element_id text not null,
  bpmn_process_id text not null, version int not null, process_definition_key bigint not null,
  custom_headers jsonb not null, variables jsonb not null, error_message text);
create index engine_job_activatable on engine_job (type, due_at) where state <> 'FAILED';
create index engine_job_element on engine_job (element_instance_key);
create table engine_timer (
  key bigint primary key, due_at timestamptz not null, process_instance_key bigint, element_instance_key bigint,
  element_id text not null, process_definition_key bigint not null, repetitions int not null, interval text);
create index engine_timer_due on engine_timer (due_at);
create index engine_timer_element on engine_timer (element_instance_key);
create index engine_timer_definition on engine_timer (process_definition_key) where process_instance_key is null;
create table engine_message_subscription (
  key bigint primary key, message_name text not null, correlation_key text not null, process_instance_key bigint,
  element_instance_key bigint, element_id text not null, process_definition_key bigint not null);
create index engine_message_subscription_name on engine_message_subscription (message_name, correlation_key);
create index engine_message_subscription_element on engine_message_subscription (element_instance_key);
create table engine_message (
  key bigint primary key, name text not null, correlation_key text not null, variables jsonb not null,
  expires_at timestamptz not null, message_id text, correlated jsonb not null);
create index engine_message_name on engine_message (name, correlation_key, expires_at);
create unique index engine_message_id on engine_message (name, message_id) where message_id is not null;
create table engine_user_task (
  key bigint primary key, state text not null, process_instance_key bigint not null, element_instance_key bigint not null,
  element_id text not null, bpmn_process_id text not null, process_definition_key bigint not null, name text,
  assignee text, candidate_groups jsonb not null, candidate_users jsonb not null, due_date text, follow_up_date text,
  priority int not null, form_key text, custom_headers jsonb not null, created_at timestamptz not null, ended_at timestamptz);
create index engine_user_task_instance on engine_user_task (process_instance_key);
create index engine_user_task_element on engine_user_task (element_instance_key);
create index engine_user_task_open on engine_user_task (state, assignee);
create table engine_incident (
  key bigint primary key, process_instance_key bigint not null, process_definition_key bigint not null,
  bpmn_process_id text not null, element_id text not null, element_instance_key bigint not null,
  error_type text not null, error_message text not null, job_key bigint, created_at timestamptz not null);
create index engine_incident_instance on engine_incident (process_instance_key);
create index engine_incident_element on engine_incident (element_instance_key);
create table engine_element_history (
  element_instance_key bigint primary key, process_instance_key bigint not null, element_id text not null,
  element_type text not null, entered_at timestamptz not null, left_at timestamptz not null, state text not null);
create index engine_element_history_instance on engine_element_history (process_instance_key);
`;

/** The engine's migrations, by name (applied in name order). */
export const engineMigrations: Record<string, Migration> = {
  /** DMN: decision requirements graphs, decisions, decision instances (dmn/tables.ts). */
  '2026_12_01_0001_decisions': decisionsMigration,
  '2026_11_26_0001_engine_tables': {
    async up(db) {
      for (const statement of TABLES.split(';').map((s) => s.trim()).filter(Boolean)) await sql.raw(statement).execute(db);
    },
    async down(db) {
      for (const t of ['engine_element_history', 'engine_incident', 'engine_user_task', 'engine_message', 'engine_message_subscription', 'engine_timer', 'engine_job', 'engine_process_instance', 'engine_process_definition']) {
        await sql.raw(`drop table if exists ${t}`).execute(db);
      }
      await sql.raw('drop sequence if exists engine_key_seq').execute(db);
    },
  },
  '2026_11_26_0002_user_task_events': {
    async up(db) {
      await sql`create table engine_user_task_event (
        seq bigserial primary key, type text not null, user_task_key bigint not null, task jsonb not null,
        variables jsonb, created_at timestamptz not null)`.execute(db);
    },
    async down(db) {
      await sql`drop table if exists engine_user_task_event`.execute(db);
    },
  },
  /** Signal subscriptions (`signals.ts`): catch events of instances, and start events of definitions (no instance). */
  '2026_12_01_0002_signals': {
    async up(db) {
      await sql`create table engine_signal_subscription (
        key bigint primary key, signal_name text not null, process_instance_key bigint, element_instance_key bigint,
        element_id text not null, process_definition_key bigint not null, bpmn_process_id text not null)`.execute(db);
      await sql`create index engine_signal_subscription_name on engine_signal_subscription (signal_name)`.execute(db);
      await sql`create index engine_signal_subscription_element on engine_signal_subscription (element_instance_key)`.execute(db);
      await sql`create index engine_signal_subscription_definition on engine_signal_subscription (process_definition_key) where process_instance_key is null`.execute(db);
    },
    async down(db) {
      await sql`drop table if exists engine_signal_subscription`.execute(db);
    },
  },
  /** Camunda's job kind and listener event type of each job (execution and user-task listeners). */
  '2026_12_01_0004_listeners': {
    async up(db) {
      await sql`alter table engine_job add column kind text not null default 'BPMN_ELEMENT',
        add column listener_event_type text not null default 'UNSPECIFIED'`.execute(db);
    },
    async down(db) {
      await sql`alter table engine_job drop column kind, drop column listener_event_type`.execute(db);
      },
    },
  /** The variable-key index, and keys for the variables of instances written before keys existed (variable-key-index.ts). */
  '2026_12_01_0007_variable_keys': {
    up: createVariableKeyIndex,
    async down(db) {
      await sql`drop table if exists engine_variable_key`.execute(db);
    },
  },
  // Retention (retention.ts): each prune is a range of one of these indexes.
  '2026_12_01_0006_retention': {
    async up(db) {
      await sql`create index engine_process_instance_ended on engine_process_instance (ended_at) where state <> 'ACTIVE'`.execute(db);
      await sql`create index engine_message_expires on engine_message (expires_at)`.execute(db);
      await sql`create index engine_user_task_event_created on engine_user_task_event (created_at)`.execute(db);
    },
    async down(db) {
      for (const i of ['engine_process_instance_ended', 'engine_message_expires', 'engine_user_task_event_created']) await sql.raw(`drop index if exists ${i}`).execute(db);
    },
  },
};

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => engineMigrations },
    migrationTableName: 'engine_migration',
    migrationLockTableName: 'engine_migration_lock',
  });
}

/** Applies the engine's pending migrations; returns the names applied. */
export async function migrateEngine(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw new Error(`Engine migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The engine's migrations not yet applied. */
export async function pendingEngine(db: Kysely<any>): Promise<string[]> {
  return (await migrator(db).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}
