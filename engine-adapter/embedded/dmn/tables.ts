/** The engine migration `2026_12_01_0001_decisions`: DRGs, decisions, their evaluations, and each process's deployment. */
import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';

const TABLES = `
create table engine_decision_requirements (
  key bigint primary key, decision_requirements_id text not null, name text not null, version int not null,
  checksum text not null, resource_name text not null, xml text not null, deployment_key bigint not null,
  deployed_at timestamptz not null, unique (decision_requirements_id, version));
create table engine_decision_definition (
  key bigint primary key, decision_id text not null, name text not null, version int not null, version_tag text,
  decision_requirements_key bigint not null, decision_requirements_id text not null, deployment_key bigint not null,
  unique (decision_id, version));
create index engine_decision_definition_deployment on engine_decision_definition (deployment_key);
create table engine_process_deployment (process_definition_key bigint primary key, deployment_key bigint not null);
create table engine_decision_instance (
  key bigint primary key, evaluation_key bigint not null, state text not null, evaluated_at timestamptz not null,
  failure text, decision_key bigint not null, decision_id text not null, decision_name text not null,
  decision_version int not null, decision_type text not null, decision_requirements_key bigint not null,
  decision_requirements_id text not null, result jsonb, evaluated_inputs jsonb not null, matched_rules jsonb not null,
  process_definition_key bigint, process_instance_key bigint, element_instance_key bigint, element_id text);
create index engine_decision_instance_evaluation on engine_decision_instance (evaluation_key);
create index engine_decision_instance_process on engine_decision_instance (process_instance_key);
`;

/** Creates the decision tables. */
export const decisionsMigration: Migration = {
  async up(db) {
    for (const statement of TABLES.split(';').map((s) => s.trim()).filter(Boolean)) await sql.raw(statement).execute(db);
  },
  async down(db) {
    for (const t of ['engine_decision_instance', 'engine_process_deployment', 'engine_decision_definition', 'engine_decision_requirements']) {
      await sql.raw(`drop table if exists ${t}`).execute(db);
    }
  },
};
