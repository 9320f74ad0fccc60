/**
 * Publishing a new process version of a procedure, as `POST /api/procedures/:id/versions` and
 * `POST /v2/deployments` both do it: the full check (lint, engine, motcua's contract in
 * `procedures/check.ts`) → `BPMN_REJECTED` naming every error on its element → deploy and record the
 * version (`publishVersion`) → the audit row `procedure.publish_version`.
 *
 * The engine deploys first (it is idempotent: an identical XML keeps its version); the version row
 * and its audit row are then written in one transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, ProcessVersionTable } from '../db/database.ts';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import type { LintIssue } from '../procedures/lint.ts';
import { AppError } from '../errors.ts';
import { checkProcess } from '../procedures/check.ts';
import { writeAudit, type AuditContext } from './audit.ts';
import { publishVersion } from './catalogue.ts';

/** What to publish, by whom. Later options (e.g. `comment`, `baseVersion`) are added here. */
export interface PublishProcedureVersionOptions {
  /** The procedure whose process gets a new version. */
  procedureId: string;
  /** The BPMN XML; its process id must be the procedure's `process_id`. */
  xml: string;
  /** The publishing user (recorded as `published_by`). */
  userId: string;
  /** Who, from where, for the audit row. */
  audit: AuditContext;
  now: Date;
  /** File name in messages and in the engine (default `<procedureId>.bpmn`). */
  resourceName?: string;
  /** The controller's comment on the version (history). */
  comment?: string | null;
  /**
   * The version the editor started from: when a later one exists, `PROCESS_VERSION_STALE` (409, details
   * `{ currentVersion, baseVersion }`) unless `overwrite` — nothing is checked or deployed.
   */
  baseVersion?: number;
  /** Deploy even though `baseVersion` is stale (the controller confirmed). */
  overwrite?: boolean;
}

/** A published (or already known, `created: false`) version and the check's warnings. */
export interface PublishedProcedureVersion {
  procedureId: string;
  row: Selectable<ProcessVersionTable>;
  created: boolean;
  warnings: LintIssue[];
}

/**
 * Checks and publishes a process version of a procedure. Throws `NOT_FOUND` for an unknown
 * procedure and `BPMN_REJECTED` (each error with its element, rule and message) for a failed check.
 * An identical XML answers its existing version (`created: false`, no audit row).
 */
export async function publishProcedureVersion(deps: { db: Kysely<Database>; engine: WorkflowEngine }, opts: PublishProcedureVersionOptions): Promise<PublishedProcedureVersion> {
  const procedure = await deps.db.selectFrom('procedures').select(['id', 'process_id']).where('id', '=', opts.procedureId).executeTakeFirst();
  if (!procedure) throw new AppError('NOT_FOUND');
  const resourceName = opts.resourceName ?? `${procedure.id}.bpmn`;
  if (opts.baseVersion !== undefined && !opts.overwrite) {
    const latest = await deps.db.selectFrom('process_versions').select((eb) => eb.fn.max('version').as('version')).where('procedure_id', '=', procedure.id).executeTakeFirst();
    const currentVersion = latest?.version ?? null;
    if (currentVersion !== null && currentVersion > opts.baseVersion) throw new AppError('PROCESS_VERSION_STALE', { currentVersion, baseVersion: opts.baseVersion });
  }
  const check = await checkProcess(opts.xml, { expectedProcessId: procedure.process_id, resourceName });
  if (!check.ok) {
    const errors = check.issues.filter((i) => i.category === 'error');
    throw new AppError('BPMN_REJECTED', errors.map((i) => ({ field: i.elementId, rule: i.rule, message: i.message })));
  }
  const warnings = check.issues.filter((i) => i.category !== 'error');
  // Deploy outside the transaction (the engine writes through the same database), then record.
  const deployed = await deps.engine.deployResources([{ name: resourceName, content: opts.xml }]);
  const alreadyDeployed = { deployResources: async () => deployed } as unknown as WorkflowEngine;
  return deps.db.transaction().execute(async (tx) => {
    const { row, created } = await publishVersion(tx, alreadyDeployed, {
      procedureId: procedure.id, bpmnProcessId: procedure.process_id, resourceName, xml: opts.xml, source: 'upload', publishedBy: opts.userId, warnings, now: opts.now,
    });
    let version = row;
    if (created && opts.comment) version = await tx.updateTable('process_versions').set({ comment: opts.comment }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    if (created) {
      await writeAudit(tx, opts.audit, { action: 'procedure.publish_version', targetType: 'procedure', targetId: procedure.id, after: { version: row.version, sha256: row.sha256, warnings: warnings.length, ...(opts.baseVersion !== undefined ? { baseVersion: opts.baseVersion, overwrite: !!opts.overwrite } : {}) } });
    }
    return { procedureId: procedure.id, row: version, created, warnings };
  });
}
