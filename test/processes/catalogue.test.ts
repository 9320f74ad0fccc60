/** Every catalogue entry points to an existing process and form schema, with consistent time limits. */
import { existsSync, readFileSync } from 'node:fs';
import t from 'tap';
import { validateTimeLimit } from '../../api/domain/calendar/index.ts';
import type { Kysely } from 'kysely';
import { catalogueEntry, PROCEDURE_CATALOGUE, toProcedureRow } from '../../api/procedures/catalogue.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { PROCESS_DIR, REQUIRED_IDS, SCHEMA_DIR } from './helpers.ts';

t.test('one entry per required procedure, ids unique', async (t) => {
  const ids = PROCEDURE_CATALOGUE.map((e) => e.id);
  t.same([...ids].sort(), [...REQUIRED_IDS].sort());
  t.equal(new Set(ids).size, ids.length);
  t.equal(catalogueEntry('birth-registration')?.nationalCode, '1.001193');
  t.equal(catalogueEntry('nope'), undefined);
});

for (const e of PROCEDURE_CATALOGUE) {
  t.test(e.id, async (t) => {
    const bpmnFile = `${PROCESS_DIR}${e.id}.bpmn`;
    t.ok(existsSync(bpmnFile), 'process file exists');
    const xml = readFileSync(bpmnFile, 'utf8');
    t.ok(xml.includes(`<bpmn:process id="${e.processId}"`), `process id ${e.processId} in the file`);
    const schemaFile = `${SCHEMA_DIR}${e.formSchemaId}.schema.json`;
    t.ok(existsSync(schemaFile), 'schema file exists');
    t.match(JSON.parse(readFileSync(schemaFile, 'utf8')).$id, new RegExp(`/${e.formSchemaId}\\.schema\\.json$`));
    t.same(validateTimeLimit(e.timeLimit), [], 'time limit valid');
    // The time limit is the catalogue's alone (the application keeps the dossier's due date): the process draws none.
    t.notOk(xml.includes('key="timeLimit"'), 'no time limit drawn in the process');
    if (e.extendedTimeLimit) t.ok(xml.includes('id="Task_verification"'), 'the longer limit has its verification step in the process');
    else t.notOk(xml.includes('id="Task_verification"'), 'no verification step without a longer limit');
    t.match(e.nameVi, /[À-ỹ]/u, 'Vietnamese name');
    t.ok(e.documents.length >= 1 && e.documents.some((d) => d.required), 'at least one required document');
    t.ok(['full', 'partial'].includes(e.onlineLevel));
    if (e.verify) t.match(e.verifyNote, /\S/, 'verify note given');
    if (e.fee.kind === 'provinceSet') t.match(e.fee.note, /tỉnh/, 'province-set fee explained');
    for (const role of e.participatingAgencyRoles) t.ok(xml.includes(`key="targetAgencyRole" value="${role}"`), `handoff to ${role} in the process`);
  });
}

t.test('entries map to procedures rows that the database accepts', async (t) => {
  const target = databaseTargets()[0]!;
  const handle = await target.openMigrated();
  t.teardown(() => handle.close());
  const db = handle.db as Kysely<any>;
  for (const e of PROCEDURE_CATALOGUE) await db.insertInto('procedures').values(toProcedureRow(e)).execute();
  const rows = await db.selectFrom('procedures').selectAll().orderBy('id').execute();
  t.equal(rows.length, PROCEDURE_CATALOGUE.length);
  const birth = rows.find((r) => r.id === 'birth-registration')!;
  t.same(birth.legal_limit, { kind: 'sameDay' });
  t.equal(birth.process_id, 'motcua-birth-registration');
  t.equal(birth.handling_agency_type, 'commune_unit');
  t.same(rows.find((r) => r.id === 'birth-residence-insurance-bundle')!.extra.participatingAgencyRoles, ['police', 'social_insurance']);
});
