/**
 * The procedure catalogue in the database and the process versions behind it: the shipped catalogue
 * is added on start (entries already there are never overwritten: controllers edit them), shipped
 * processes are deployed once per procedure, and a controller publishes new versions.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { PROCEDURE_CATALOGUE, type CatalogueEntry, type Fee } from '../procedures/catalogue.ts';

const PROCESS_DIR = new URL('../../processes/', import.meta.url);

/** A fee as printed on form 01: a description and an amount in VND (0 when free). */
export function feeLines(fees: readonly Fee[]): Array<{ description: string; amount: number }> {
  return fees.flatMap((f) => {
    switch (f.kind) {
      case 'free': return [{ description: f.note ?? 'Miễn phí', amount: 0 }];
      case 'fixed': return [{ description: f.note ?? 'Lệ phí', amount: f.amountVnd }];
      case 'perPage': return [{ description: f.note ?? `Lệ phí theo trang: ${f.firstPagesVnd} đồng/trang`, amount: f.firstPagesVnd }];
      case 'provinceSet': return f.amountVnd === null ? [] : [{ description: f.note, amount: f.amountVnd }];
    }
  });
}

function row(e: CatalogueEntry) {
  return {
    id: e.id, national_code: e.nationalCode, name_vi: e.nameVi, name_en: e.nameEn, field: e.field.nameVi,
    legal_limit: JSON.stringify(e.timeLimit), fees: JSON.stringify([e.fee]), required_documents: JSON.stringify(e.documents),
    online_level: e.onlineLevel, process_id: e.processId, form_schema_id: e.formSchemaId, handling_agency_type: e.handlingAgencyType,
    extra: JSON.stringify({
      fieldCode: e.field.code, taskOutcomes: e.taskOutcomes, participatingAgencyRoles: e.participatingAgencyRoles,
      extendedTimeLimit: e.extendedTimeLimit ?? null, verify: e.verify, verifyNote: e.verifyNote ?? null,
    }),
  };
}

/** Adds the catalogue entries the database does not have yet; returns the ids added. */
export async function syncCatalogue(db: Kysely<Database>, entries: readonly CatalogueEntry[] = PROCEDURE_CATALOGUE): Promise<string[]> {
  const existing = new Set((await db.selectFrom('procedures').select('id').execute()).map((r) => r.id));
  const missing = entries.filter((e) => !existing.has(e.id));
  if (missing.length) await db.insertInto('procedures').values(missing.map(row)).onConflict((oc) => oc.column('id').doNothing()).execute();
  return missing.map((e) => e.id);
}

export interface PublishArgs {
  procedureId: string;
  bpmnProcessId: string;
  resourceName: string;
  xml: string;
  source: 'shipped' | 'upload';
  publishedBy: string | null;
  warnings?: unknown[];
  now: Date;
}

/** Deploys one process version and records it; an identical XML keeps its version and adds no row. */
export async function publishVersion(db: Kysely<Database>, engine: WorkflowEngine, args: PublishArgs) {
  const [deployed] = await engine.deployResources([{ name: args.resourceName, content: args.xml }]);
  const process = deployed!;
  const known = await db.selectFrom('process_versions').selectAll().where('bpmn_process_id', '=', process.bpmnProcessId).where('version', '=', process.version).executeTakeFirst();
  if (known) return { row: known, created: false };
  const inserted = await db.insertInto('process_versions').values({
    procedure_id: args.procedureId, bpmn_process_id: process.bpmnProcessId, version: process.version, process_definition_key: process.processDefinitionKey,
    resource_name: args.resourceName, sha256: createHash('sha256').update(args.xml).digest('hex'), xml: args.xml, source: args.source,
    warnings: JSON.stringify(args.warnings ?? []), published_by: args.publishedBy, published_at: args.now,
  }).returningAll().executeTakeFirstOrThrow();
  return { row: inserted, created: true };
}

/**
 * Deploys the shipped process of every procedure that has no version yet. A procedure whose
 * controller published versions keeps them: the shipped file is not deployed over them.
 */
export async function deployShippedProcesses(db: Kysely<Database>, engine: WorkflowEngine, now: Date): Promise<string[]> {
  const procedures = await db.selectFrom('procedures').select(['id', 'process_id']).execute();
  const versioned = new Set((await db.selectFrom('process_versions').select('procedure_id').execute()).map((r) => r.procedure_id));
  const deployed: string[] = [];
  for (const p of procedures.filter((x) => !versioned.has(x.id))) {
    const file = new URL(`${p.id}.bpmn`, PROCESS_DIR);
    const xml = await readFile(fileURLToPath(file), 'utf8').catch(() => null);
    if (xml === null) continue;
    await publishVersion(db, engine, { procedureId: p.id, bpmnProcessId: p.process_id, resourceName: `${p.id}.bpmn`, xml, source: 'shipped', publishedBy: null, now });
    deployed.push(p.id);
  }
  return deployed;
}
